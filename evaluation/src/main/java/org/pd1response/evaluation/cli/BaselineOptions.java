package org.pd1response.evaluation.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pd1response.evaluation.baseline.BaselineTable;
import picocli.CommandLine.Option;

/** Options shared by the commands that build a baseline table. */
final class BaselineOptions {

  @Option(names = "--group-column", description = "Column that splits the baseline file into two groups, such as split or response.")
  String groupColumn;

  @Option(names = "--groups", split = ",", description = "The two groups to compare, when the column has more levels.")
  List<String> groups = List.of();

  @Option(names = "--exclude", split = ",", defaultValue = "case_id", description = "Columns to leave out (default: ${DEFAULT-VALUE}).")
  List<String> excluded;

  @Option(names = "--categorical", split = ",", description = "Numeric columns to treat as categorical.")
  List<String> categorical = List.of();

  @Option(names = "--nonparametric", split = ",", description = "Continuous columns to summarise as median [Q1, Q3] with the Mann-Whitney U test.")
  List<String> nonParametric = List.of();

  BaselineTable.Options toOptions() {
    if (groupColumn == null) {
      throw new IllegalArgumentException("--group-column is required with a baseline file");
    }
    return new BaselineTable.Options(groupColumn, groups, new HashSet<>(excluded), Set.copyOf(categorical), Set.copyOf(nonParametric));
  }
}
