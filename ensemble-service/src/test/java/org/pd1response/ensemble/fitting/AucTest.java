package org.pd1response.ensemble.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AucTest {

  private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};
  private static final int[] LABELS = {0, 0, 1, 1};
  private static final double TOLERANCE = 1e-12;

  @Test
  void aucCountsCorrectlyOrderedPairs() {
    // Pairs (positive, negative): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right.
    assertEquals(0.75, Auc.of(SCORES, LABELS), TOLERANCE);
  }

  @Test
  void aucCountsTiesAsHalf() {
    assertEquals(0.5, Auc.of(new double[] {0.3, 0.3, 0.3, 0.3}, LABELS), TOLERANCE);
    assertEquals(0.875, Auc.of(new double[] {0.1, 0.4, 0.4, 0.8}, LABELS), TOLERANCE);
  }

  @Test
  void aucOfPerfectAndReversedRanking() {
    assertEquals(1.0, Auc.of(new double[] {0.1, 0.2, 0.7, 0.9}, LABELS), TOLERANCE);
    assertEquals(0.0, Auc.of(new double[] {0.9, 0.7, 0.2, 0.1}, LABELS), TOLERANCE);
  }

  @Test
  void confidenceIntervalContainsEstimate() {
    PairedDataGenerator generator = new PairedDataGenerator(400, 0.4, 1.0, 0.0, 5);
    double[] scores = generator.generate().stream().mapToDouble(PairedPrediction::imagingProbability).toArray();
    int[] labels = generator.generate().stream().mapToInt(PairedPrediction::label).toArray();

    Auc.Estimate estimate = Auc.withConfidence(scores, labels);

    assertEquals(Auc.of(scores, labels), estimate.auc(), 1e-9);
    assertTrue(estimate.lower() < estimate.auc(), estimate.toString());
    assertTrue(estimate.upper() > estimate.auc(), estimate.toString());
    assertTrue(estimate.upper() - estimate.lower() < 0.15, "400 cases give a CI narrower than 0.15: " + estimate);
  }

  @Test
  void rejectsSingleClass() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Auc.of(new double[] {0.1, 0.2}, new int[] {1, 1}));

    assertEquals("AUC needs both classes, found 2 positives among 2 cases", error.getMessage());
  }
}
