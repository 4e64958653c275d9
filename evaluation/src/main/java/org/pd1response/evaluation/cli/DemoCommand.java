package org.pd1response.evaluation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pd1response.evaluation.demo.DemoCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Generates the synthetic demo cohort. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a synthetic demo cohort: predictions.csv, baseline.csv and overlays/.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "Folder to write.")
  Path out;

  @Option(names = "--seed", defaultValue = "20261204", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--overlays", defaultValue = "40", description = "Number of synthetic Grad-CAM overlays (default: ${DEFAULT-VALUE}).")
  int overlays;

  @Override
  public Integer call() throws Exception {
    DemoCohort.GeneratedFiles files = DemoCohort.generate(out, seed, overlays);
    System.out.printf("wrote %s, %s and %s%n", files.predictions(), files.baseline(), files.overlays());
    return 0;
  }
}
