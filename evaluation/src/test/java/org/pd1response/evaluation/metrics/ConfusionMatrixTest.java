package org.pd1response.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  /** Eight responders and two non-responders, as on an imbalanced cohort. */
  static final BinaryOutcomes IMBALANCED = new BinaryOutcomes(
      new double[] {0.9, 0.8, 0.8, 0.7, 0.7, 0.6, 0.6, 0.55, 0.65, 0.52},
      new int[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0});

  @Test
  void everyoneResponderLooksAccurateButIsNotBalanced() {
    // when every case scores above the threshold
    ConfusionMatrix matrix = ConfusionMatrix.at(IMBALANCED, 0.5);

    // then accuracy and sensitivity look good, but specificity, balanced accuracy and MCC expose it
    assertEquals(0.8, matrix.accuracy(), 1e-15);
    assertEquals(1.0, matrix.sensitivity(), 1e-15);
    assertEquals(0.0, matrix.specificity(), 1e-15);
    assertEquals(0.5, matrix.balancedAccuracy(), 1e-15);
    assertEquals(0.0, matrix.mcc(), 1e-15, "MCC of a constant prediction");
    assertEquals(0.8, matrix.precision(), 1e-15);
  }

  @Test
  void caseAtThresholdIsPositive() {
    ConfusionMatrix matrix = ConfusionMatrix.at(new BinaryOutcomes(new double[] {0.5, 0.4999}, new int[] {1, 0}), 0.5);

    assertEquals(1, matrix.truePositives());
    assertEquals(1, matrix.trueNegatives());
  }

  @Test
  void precisionUndefinedWithoutPredictedPositives() {
    // when no case reaches the threshold
    ConfusionMatrix matrix = ConfusionMatrix.at(IMBALANCED, 0.95);

    // then precision is undefined rather than 0, and F1 is 0 because TP is 0 but FN is not
    assertTrue(Double.isNaN(matrix.precision()));
    assertEquals(0.0, matrix.f1(), 1e-15);
    assertEquals(0.2, matrix.accuracy(), 1e-15);
  }

  @Test
  void mccMatchesFormula() {
    // given TP 6, FN 2, FP 1, TN 1 at threshold 0.6
    ConfusionMatrix matrix = ConfusionMatrix.at(IMBALANCED, 0.6);
    assertEquals(7, matrix.truePositives());
    assertEquals(1, matrix.falsePositives());

    // then MCC = (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
    double expected = (7.0 * 1 - 1 * 1) / Math.sqrt(8.0 * 8 * 2 * 2);
    assertEquals(expected, matrix.mcc(), 1e-15);
  }
}
