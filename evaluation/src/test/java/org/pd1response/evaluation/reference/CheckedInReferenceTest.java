package org.pd1response.evaluation.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.evaluation.demo.DemoCohort;

/**
 * Checks the metrics against the reference values checked in under
 * src/test/resources/reference, which R's pROC and scikit-learn/SciPy computed on the demo
 * cohort of seed {@value #SEED} (regenerate with src/test/reference/make-reference.sh).
 */
class CheckedInReferenceTest {

  static final long SEED = 20261204L;
  static final Path REFERENCE = Path.of("src/test/resources/reference");

  @Test
  void demoGeneratorReproducesReferenceInput(@TempDir Path folder) throws Exception {
    // given the seed the reference values were computed with
    // when the demo cohort is generated again
    DemoCohort.GeneratedFiles files = DemoCohort.generate(folder, SEED, 0);

    // then its files equal the checked-in reference input byte for byte
    assertEquals(Files.readString(REFERENCE.resolve("predictions.csv")), Files.readString(files.predictions()));
    assertEquals(Files.readString(REFERENCE.resolve("baseline.csv")), Files.readString(files.baseline()));
  }

  @Test
  void aucIntervalsAndDeLongTestsMatchProc() throws Exception {
    ReferenceChecks.checkAgainstProc(REFERENCE.resolve("predictions.csv"), REFERENCE.resolve("proc-reference.csv"));
  }

  @Test
  void thresholdAndCalibrationMetricsMatchSklearn() throws Exception {
    ReferenceChecks.checkPerformanceAgainstSklearn(REFERENCE.resolve("predictions.csv"), REFERENCE.resolve("sklearn-reference.json"));
  }

  @Test
  void baselineTestsMatchScipy() throws Exception {
    ReferenceChecks.checkBaselineAgainstScipy(REFERENCE.resolve("baseline.csv"), REFERENCE.resolve("sklearn-reference.json"));
  }
}
