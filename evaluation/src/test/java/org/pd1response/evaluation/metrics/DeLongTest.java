package org.pd1response.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeLongTest {

  /** Positives 0.8 and 0.6, negatives 0.7 and 0.2: three of four pairs ordered correctly. */
  static final BinaryOutcomes SMALL = new BinaryOutcomes(new double[] {0.8, 0.6, 0.7, 0.2}, new int[] {1, 1, 0, 0});

  @Test
  void aucAndVarianceMatchHandComputation() {
    // given placements V10 = {1, 0.5} and V01 = {0.5, 1}, so S10 = S01 = 0.125
    // when the AUC is analysed
    RocAnalysis roc = DeLong.analyse(SMALL, 0.95);

    // then AUC = 0.75 and Var = 0.125 / 2 + 0.125 / 2
    assertEquals(0.75, roc.auc(), 1e-15);
    assertEquals(0.125, roc.variance(), 1e-15);
    assertEquals(0.75 - 1.959963984540054 * Math.sqrt(0.125), roc.ciLower(), 1e-12);
    assertEquals(1.0, roc.ciUpper(), 1e-15, "0.75 + 1.96 * 0.354 is clipped to 1");
  }

  @Test
  void tiedScoresCountHalf() {
    // given one positive and one negative with the same score
    BinaryOutcomes tied = new BinaryOutcomes(new double[] {0.5, 0.5, 0.9, 0.1}, new int[] {1, 0, 1, 0});

    // when the AUC is analysed
    RocAnalysis roc = DeLong.analyse(tied, 0.95);

    // then the tied pair counts 0.5: (0.5 + 1 + 1 + 1) / 4
    assertEquals(0.875, roc.auc(), 1e-15);
  }

  @Test
  void curveRunsFromOriginToTopRight() {
    // when the curve of the small example is drawn
    List<RocPoint> curve = DeLong.analyse(SMALL, 0.95).curve();

    // then it starts at (0, 0), ends at (1, 1) and has one point per distinct score
    assertEquals(5, curve.size());
    assertEquals(0.0, curve.get(0).falsePositiveRate());
    assertEquals(0.0, curve.get(0).truePositiveRate());
    assertEquals(1.0, curve.get(4).falsePositiveRate());
    assertEquals(1.0, curve.get(4).truePositiveRate());
    assertEquals(0.5, curve.get(2).falsePositiveRate(), "after 0.8 and 0.7");
    assertEquals(0.5, curve.get(2).truePositiveRate(), "after 0.8 and 0.7");
  }

  @Test
  void identicalModelsHaveNoTestStatistic() {
    // when a model is compared with itself
    AucComparison comparison = DeLong.compare("a", SMALL, "b", SMALL);

    // then the difference is 0 and z is undefined rather than infinite
    assertEquals(0.0, comparison.difference());
    assertTrue(Double.isNaN(comparison.z()));
    assertTrue(Double.isNaN(comparison.pValue()));
  }

  @Test
  void rejectsSingleClass() {
    BinaryOutcomes positivesOnly = new BinaryOutcomes(new double[] {0.2, 0.9}, new int[] {1, 1});

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> DeLong.analyse(positivesOnly, 0.95));

    assertEquals("ROC AUC needs at least one positive and one negative case, found 2 positive and 0 negative", error.getMessage());
  }
}
