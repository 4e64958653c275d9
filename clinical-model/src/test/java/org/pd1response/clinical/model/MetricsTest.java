package org.pd1response.clinical.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void aucCountsTiesAsHalf() {
    double[] scores = {0.1, 0.4, 0.4, 0.8};
    int[] y = {0, 0, 1, 1};

    assertEquals(0.875, Metrics.auc(scores, y), 1e-15);
  }

  @Test
  void aucConfidenceIntervalNarrowsWithSize() {
    double[] small = Metrics.aucCi95(0.8, 20, 20);
    double[] large = Metrics.aucCi95(0.8, 200, 200);

    assertTrue(small[1] - small[0] > large[1] - large[0]);
    assertTrue(large[0] < 0.8);
    assertTrue(large[1] > 0.8);
  }

  @Test
  void youdenThresholdSeparatesClasses() {
    double[] p = {0.1, 0.2, 0.3, 0.6, 0.7};
    int[] y = {0, 0, 0, 1, 1};

    assertEquals(0.6, Metrics.youdenThreshold(p, y));
  }

  @Test
  void stratifiedFoldsSpreadEachClassEvenly() {
    int[] y = new int[50];
    Arrays.fill(y, 0, 10, 1);

    List<int[][]> folds = Folds.stratified(y, 5, new Random(3));

    for (int[][] fold : folds) {
      assertEquals(10, fold[1].length);
      assertEquals(2, Arrays.stream(fold[1]).filter(i -> y[i] == 1).count());
      assertEquals(40, fold[0].length);
    }
  }

  @Test
  void oversamplingBalancesClasses() {
    int[] y = {1, 0, 0, 0, 0, 0};
    int[] rows = {0, 1, 2, 3, 4, 5};

    int[] balanced = Folds.oversample(rows, y, new Random(5));

    assertEquals(10, balanced.length);
    assertEquals(5, Arrays.stream(balanced).filter(r -> y[r] == 1).count());
    assertArrayEquals(rows, Arrays.copyOf(balanced, 6));
  }
}
