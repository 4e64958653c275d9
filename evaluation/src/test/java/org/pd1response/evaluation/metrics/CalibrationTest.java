package org.pd1response.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  static final long SEED = 11L;

  @Test
  void wellCalibratedPredictionsHaveSlopeOneAndInterceptZero() {
    // given 20,000 outcomes drawn with exactly the predicted probabilities
    Random random = new Random(SEED);
    int n = 20_000;
    double[] p = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1 / (1 + Math.exp(-2 * random.nextGaussian()));
      y[i] = random.nextDouble() < p[i] ? 1 : 0;
    }

    // when calibration is assessed
    Calibration calibration = Calibration.of(new BinaryOutcomes(p, y), 10);

    // then intercept and slope lie close to their ideal values
    assertEquals(0.0, calibration.intercept(), 0.05);
    assertEquals(1.0, calibration.slope(), 0.05);
  }

  @Test
  void overconfidentPredictionsHaveSlopeBelowOne() {
    // given outcomes drawn with probability sigmoid(z), predicted as sigmoid(3 z)
    Random random = new Random(SEED);
    int n = 20_000;
    double[] p = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double z = random.nextGaussian();
      p[i] = 1 / (1 + Math.exp(-3 * z));
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }

    // then the fitted slope recovers 1 / 3
    assertEquals(1.0 / 3, Calibration.of(new BinaryOutcomes(p, y), 10).slope(), 0.03);
  }

  @Test
  void separatedOutcomesHaveNoSlope() {
    // given probabilities that separate the classes perfectly, so the likelihood has no maximum
    BinaryOutcomes separated = new BinaryOutcomes(new double[] {0.1, 0.2, 0.3, 0.7, 0.8, 0.9}, new int[] {0, 0, 0, 1, 1, 1});

    // then the slope is reported as undefined instead of a diverged number
    assertTrue(Double.isNaN(Calibration.of(separated, 10).slope()));
  }

  @Test
  void reliabilityBinsFollowUpperEdgeRule() {
    // given probabilities on and between bin edges
    BinaryOutcomes outcomes = new BinaryOutcomes(new double[] {0.0, 0.1, 0.15, 0.2, 1.0}, new int[] {0, 1, 0, 1, 1});

    // when the reliability curve is built with ten bins
    List<ReliabilityBin> bins = Calibration.of(outcomes, 10).reliability();

    // then 0 and 0.1 share the first bin, 0.15 and 0.2 the second, and 1.0 the last
    assertEquals(3, bins.size());
    assertEquals(2, bins.get(0).cases());
    assertEquals(0.5, bins.get(0).observedRate());
    assertEquals(2, bins.get(1).cases());
    assertEquals(0.175, bins.get(1).meanPredicted(), 1e-15);
    assertEquals(0.9, bins.get(2).lower(), 1e-15);
  }

  @Test
  void brierScoreIsMeanSquaredError() {
    BinaryOutcomes outcomes = new BinaryOutcomes(new double[] {0.9, 0.4}, new int[] {1, 0});

    assertEquals((0.01 + 0.16) / 2, Calibration.of(outcomes, 10).brierScore(), 1e-15);
  }
}
