package org.pd1response.evaluation.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.evaluation.demo.DemoCohort;

/**
 * Runs R's pROC and scikit-learn/SciPy live on a demo cohort with another seed than the checked-in
 * reference, so that agreement does not hinge on one data set. Skipped, with the reason, where
 * /usr/bin/Rscript with pROC or /usr/bin/python3 with scikit-learn is not installed.
 */
class LiveReferenceIT {

  static final long SEED = 7L;
  static final Path SCRIPTS = Path.of("src/test/reference");

  @TempDir
  static Path folder;

  static DemoCohort.GeneratedFiles demo;

  @BeforeAll
  static void generateCohort() throws IOException {
    demo = DemoCohort.generate(folder, SEED, 0);
  }

  @Test
  void aucIntervalsAndDeLongTestsMatchLiveProc() throws Exception {
    Assumptions.assumeTrue(succeeds(List.of("/usr/bin/Rscript", "-e", "library(pROC)")),
        "R with pROC is not installed (apt-get install r-cran-proc)");
    Path output = folder.resolve("proc.csv");

    run(List.of("/usr/bin/Rscript", SCRIPTS.resolve("proc_reference.R").toString(), demo.predictions().toString(), output.toString()));

    ReferenceChecks.checkAgainstProc(demo.predictions(), output);
  }

  @Test
  void metricsAndBaselineMatchLiveSklearn() throws Exception {
    Assumptions.assumeTrue(succeeds(List.of("/usr/bin/python3", "-c", "import sklearn, scipy")),
        "Python with scikit-learn and SciPy is not installed (apt-get install python3-sklearn python3-scipy)");
    Path output = folder.resolve("sklearn.json");

    run(List.of("/usr/bin/python3", SCRIPTS.resolve("sklearn_reference.py").toString(), demo.predictions().toString(),
        demo.baseline().toString(), output.toString()));

    ReferenceChecks.checkPerformanceAgainstSklearn(demo.predictions(), output);
    ReferenceChecks.checkBaselineAgainstScipy(demo.baseline(), output);
  }

  /** Whether a command runs and exits with status 0 within a minute; false when it is not installed. */
  static boolean succeeds(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void run(List<String> command) throws Exception {
    Path log = Files.createTempFile(folder, "reference", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    assertEquals(0, finished ? process.exitValue() : -1, String.join(" ", command) + " failed:\n" + Files.readString(log));
  }
}
