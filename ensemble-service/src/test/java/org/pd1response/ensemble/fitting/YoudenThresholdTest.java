package org.pd1response.ensemble.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class YoudenThresholdTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void choosesLowestThresholdAmongEqualJ() {
    // Thresholds 0.35 and 0.8 both reach J = 0.5; the lower one keeps sensitivity at 1.
    YoudenThreshold youden = YoudenThreshold.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});

    assertEquals(0.35, youden.threshold(), TOLERANCE);
    assertEquals(0.5, youden.youdenJ(), TOLERANCE);
    assertEquals(1.0, youden.sensitivity(), TOLERANCE);
    assertEquals(0.5, youden.specificity(), TOLERANCE);
  }

  @Test
  void separatesPerfectlySeparableScores() {
    YoudenThreshold youden = YoudenThreshold.of(new double[] {0.2, 0.3, 0.6, 0.9}, new int[] {0, 0, 1, 1});

    assertEquals(0.6, youden.threshold(), TOLERANCE);
    assertEquals(1.0, youden.youdenJ(), TOLERANCE);
  }
}
