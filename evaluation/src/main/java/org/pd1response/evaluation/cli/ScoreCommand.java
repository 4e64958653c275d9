package org.pd1response.evaluation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a whole cohort through the imaging, clinical and ensemble models in this process and writes
 * a predictions file in the same format as {@code collect}.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score a cohort with the published models in this process (not available yet: use collect).")
final class ScoreCommand implements Callable<Integer> {

  @Option(names = "--cases", required = true, description = "Cohort manifest CSV with case_id, label and tensor_file columns.")
  Path cases;

  @Option(names = "--out", required = true, description = "Predictions file to write.")
  Path out;

  @Override
  public Integer call() {
    // TODO: load the imaging model card and ONNX session, the clinical model and the ensemble
    // weights through the same classes the inference services use, score each case of the
    // manifest, and write the rows with PredictionsCsv.write. Until then, cohorts are scored by
    // running them through the pipeline and collecting the predictions with `collect`.
    System.err.println("score is not available yet: run the cohort through the pipeline and use "
        + "`collect --cases " + cases + " --out " + out + "` to gather its predictions");
    return 3;
  }
}
