package org.pd1response.evaluation.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.predictions.CsvTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a baseline table on its own, for cohort descriptions outside a performance report. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = "Compare two groups of a cohort on every variable and write baseline.json.")
final class BaselineCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, description = "CSV file of baseline variables, one row per case.")
  Path input;

  @Option(names = "--out", required = true, description = "JSON file to write.")
  Path out;

  @Mixin
  BaselineOptions options = new BaselineOptions();

  @Override
  public Integer call() throws Exception {
    BaselineTable table = BaselineTable.build(CsvTable.read(input), options.toOptions());
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(writer, table);
    }
    System.out.printf("wrote baseline table of %d variables to %s%n", table.variables().size(), out);
    return 0;
  }
}
