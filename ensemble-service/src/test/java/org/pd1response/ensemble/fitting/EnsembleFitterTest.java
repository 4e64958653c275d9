package org.pd1response.ensemble.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleFitterTest {

  private static final int CASES = 600;
  private static final long VALIDATION_SEED = 11;
  private static final long HELD_OUT_SEED = 12;
  private static final double STEP = 0.01;

  @Test
  void fittedWeightsBeatEitherModelOnValidation() {
    List<PairedPrediction> validation = new PairedDataGenerator(CASES, 0.5, 1.0, 0.8, VALIDATION_SEED).generate();

    EnsembleFitter.Fit fit = EnsembleFitter.fit(validation, STEP);

    assertTrue(fit.ensembleAuc().auc() > fit.imagingAuc().auc(), fit.toString());
    assertTrue(fit.ensembleAuc().auc() > fit.clinicalAuc().auc(), fit.toString());
    assertTrue(fit.weights().imaging() > 0.0, fit.weights().toString());
    assertTrue(fit.weights().clinical() > 0.0, fit.weights().toString());
    assertEquals(1.0, fit.weights().imaging() + fit.weights().clinical(), 1e-12);
    assertEquals(101, fit.grid().size());
    assertEquals(CASES, fit.cases());
  }

  @Test
  void fittedWeightsBeatEitherModelHeldOut() {
    EnsembleFitter.Fit fit =
        EnsembleFitter.fit(new PairedDataGenerator(CASES, 0.5, 1.0, 0.8, VALIDATION_SEED).generate(), STEP);
    List<PairedPrediction> heldOut = new PairedDataGenerator(CASES, 0.5, 1.0, 0.8, HELD_OUT_SEED).generate();

    EnsembleFitter.Evaluation evaluation = EnsembleFitter.evaluate(heldOut, fit.weights(), fit.threshold().threshold());

    assertTrue(evaluation.ensembleAuc().auc() > evaluation.imagingAuc().auc(), evaluation.toString());
    assertTrue(evaluation.ensembleAuc().auc() > evaluation.clinicalAuc().auc(), evaluation.toString());
  }

  @Test
  void givesUninformativeModelLittleWeight() {
    List<PairedPrediction> validation = new PairedDataGenerator(CASES, 0.5, 1.5, 0.0, VALIDATION_SEED).generate();

    EnsembleFitter.Fit fit = EnsembleFitter.fit(validation, STEP);

    assertTrue(fit.weights().imaging() >= 0.8, fit.weights().toString());
  }

  @Test
  void rejectsTooFewCases() {
    List<PairedPrediction> validation = new PairedDataGenerator(10, 0.5, 1.0, 0.8, VALIDATION_SEED).generate();

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> EnsembleFitter.fit(validation, STEP));

    assertEquals("fitting needs at least 20 validation cases, found 10", error.getMessage());
  }
}
