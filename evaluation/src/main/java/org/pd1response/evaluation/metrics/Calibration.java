package org.pd1response.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of predicted probabilities: the Brier score, the calibration intercept and slope,
 * and a reliability curve.
 *
 * <p>With lp = logit(p), probabilities clipped to [{@value #EPSILON}, 1 - {@value #EPSILON}] so
 * that 0 and 1 stay finite:
 *
 * <ul>
 *   <li>calibration slope: b in the logistic regression logit P(y = 1) = a + b lp; 1 when perfect,
 *       below 1 when predictions are too extreme;
 *   <li>calibration intercept (calibration-in-the-large): a in logit P(y = 1) = a + lp with lp as a
 *       fixed offset; 0 when perfect, positive when the model underestimates the event rate.
 * </ul>
 *
 * Both are maximum-likelihood fits by Newton-Raphson with step halving. The reliability curve
 * uses equal-width bins and drops empty bins, as scikit-learn's {@code calibration_curve} with the
 * uniform strategy does.
 */
public record Calibration(double brierScore, double intercept, double slope, List<ReliabilityBin> reliability) {

  public static final double EPSILON = 1e-6;

  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  /** Assesses calibration with {@code bins} reliability bins; intercept and slope are NaN unless both classes occur and the fits converge. */
  public static Calibration of(BinaryOutcomes outcomes, int bins) {
    double[] lp = new double[outcomes.size()];
    double brier = 0;
    for (int i = 0; i < lp.length; i++) {
      double p = outcomes.probabilities()[i];
      double clipped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
      lp[i] = Math.log(clipped / (1 - clipped));
      double error = p - outcomes.labels()[i];
      brier += error * error;
    }
    brier /= lp.length;
    double intercept = Double.NaN;
    double slope = Double.NaN;
    if (outcomes.positives() > 0 && outcomes.negatives() > 0) {
      double[] offsetFit = fitLogistic(lp, outcomes.labels(), true);
      double[] slopeFit = fitLogistic(lp, outcomes.labels(), false);
      intercept = offsetFit == null ? Double.NaN : offsetFit[0];
      slope = slopeFit == null ? Double.NaN : slopeFit[1];
    }
    return new Calibration(brier, intercept, slope, reliability(outcomes, bins));
  }

  /** Builds the reliability curve from {@code bins} equal-width bins over [0, 1]. */
  static List<ReliabilityBin> reliability(BinaryOutcomes outcomes, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("reliability bins must be at least 1, found " + bins);
    }
    double[] edges = new double[bins + 1];
    for (int k = 0; k <= bins; k++) {
      edges[k] = k == bins ? 1.0 : k * (1.0 / bins);
    }
    int[] counts = new int[bins];
    double[] predicted = new double[bins];
    double[] observed = new double[bins];
    for (int i = 0; i < outcomes.size(); i++) {
      double p = outcomes.probabilities()[i];
      int bin = 0;
      while (bin < bins - 1 && p > edges[bin + 1]) {
        bin++;
      }
      counts[bin]++;
      predicted[bin] += p;
      observed[bin] += outcomes.labels()[i];
    }
    List<ReliabilityBin> curve = new ArrayList<>();
    for (int k = 0; k < bins; k++) {
      if (counts[k] > 0) {
        curve.add(new ReliabilityBin(edges[k], edges[k + 1], counts[k], predicted[k] / counts[k], observed[k] / counts[k]));
      }
    }
    return curve;
  }

  /**
   * Fits logit P(y = 1) = a + b lp, or a + lp when {@code offsetOnly}; returns {a, b}, or null when
   * Newton-Raphson does not converge (as under complete separation).
   */
  static double[] fitLogistic(double[] lp, int[] y, boolean offsetOnly) {
    double a = 0;
    double b = offsetOnly ? 1 : 0;
    double logLikelihood = logLikelihood(lp, y, a, b);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 0;
      double hab = 0;
      double hbb = 0;
      for (int i = 0; i < lp.length; i++) {
        double p = sigmoid(a + b * lp[i]);
        double w = p * (1 - p);
        double residual = y[i] - p;
        ga += residual;
        gb += residual * lp[i];
        haa += w;
        hab += w * lp[i];
        hbb += w * lp[i] * lp[i];
      }
      double da;
      double db;
      if (offsetOnly) {
        da = ga / haa;
        db = 0;
      } else {
        double determinant = haa * hbb - hab * hab;
        da = (hbb * ga - hab * gb) / determinant;
        db = (haa * gb - hab * ga) / determinant;
      }
      if (!Double.isFinite(da) || !Double.isFinite(db)) {
        return null;
      }
      double step = 1.0;
      double next = logLikelihood(lp, y, a + da, b + db);
      while (next < logLikelihood - 1e-12 && step > 1e-8) {
        step /= 2;
        next = logLikelihood(lp, y, a + step * da, b + step * db);
      }
      a += step * da;
      b += step * db;
      logLikelihood = next;
      if (Math.abs(step * da) < TOLERANCE && Math.abs(step * db) < TOLERANCE) {
        return new double[] {a, b};
      }
    }
    return null;
  }

  private static double logLikelihood(double[] lp, int[] y, double a, double b) {
    double sum = 0;
    for (int i = 0; i < lp.length; i++) {
      double eta = a + b * lp[i];
      // log(1 + e^eta) written so that large |eta| neither overflows nor loses precision.
      double softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      sum += y[i] * eta - softplus;
    }
    return sum;
  }

  private static double sigmoid(double eta) {
    return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }
}
