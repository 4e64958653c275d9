package org.pd1response.evaluation.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.evaluation.predictions.CsvTable;

/**
 * The cases of a cohort with their labels and subgroups, read from a CSV file with a
 * {@code case_id} and a {@code label} column (1, 0 or empty), an optional {@code cohort} column and
 * any subgroup columns. The cohort manifest that the preprocessing command writes is such a file,
 * with {@code split} as a subgroup column.
 */
public final class CaseLabels {

  /** Label, cohort and subgroup levels of one case. */
  public record CaseInfo(String cohort, Integer label, Map<String, String> subgroups) {}

  private CaseLabels() {}

  /**
   * Reads the cases in file order.
   *
   * @param defaultCohort cohort of every case when the file has no {@code cohort} column
   * @param subgroupColumns columns to carry over as subgroups
   * @throws IllegalArgumentException naming the line and value when a label is not 0, 1 or empty,
   *     a case id repeats or a column is missing
   */
  public static Map<String, CaseInfo> read(CsvTable csv, String defaultCohort, List<String> subgroupColumns) {
    int caseId = csv.require("case_id");
    int label = csv.require("label");
    int cohort = csv.indexOf("cohort");
    if (cohort < 0 && (defaultCohort == null || defaultCohort.isBlank())) {
      throw new IllegalArgumentException(csv.source() + ": a cohort name is required (a 'cohort' column or --cohort), found neither");
    }
    int[] subgroups = subgroupColumns.stream().mapToInt(csv::require).toArray();
    Map<String, CaseInfo> cases = new LinkedHashMap<>();
    for (int i = 0; i < csv.rows().size(); i++) {
      List<String> row = csv.rows().get(i);
      String where = csv.source() + " line " + (i + 2);
      String id = row.get(caseId).strip();
      if (id.isEmpty()) {
        throw new IllegalArgumentException(where + ": case_id must not be empty");
      }
      Integer value = switch (row.get(label).strip()) {
        case "" -> null;
        case "0" -> 0;
        case "1" -> 1;
        default -> throw new IllegalArgumentException(where + ": label must be 0, 1 or empty, found '" + row.get(label) + "'");
      };
      Map<String, String> levels = new LinkedHashMap<>();
      for (int s = 0; s < subgroups.length; s++) {
        levels.put(subgroupColumns.get(s), row.get(subgroups[s]).strip());
      }
      String cohortName = cohort < 0 ? defaultCohort : row.get(cohort).strip();
      if (cases.put(id, new CaseInfo(cohortName, value, levels)) != null) {
        throw new IllegalArgumentException(where + ": case " + id + " appears twice");
      }
    }
    return cases;
  }
}
