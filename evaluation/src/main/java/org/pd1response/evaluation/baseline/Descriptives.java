package org.pd1response.evaluation.baseline;

import java.util.Arrays;

/** Summary statistics of one group's values. */
public final class Descriptives {

  private Descriptives() {}

  public static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (denominator n - 1); NaN below two values. */
  public static double standardDeviation(double[] values) {
    if (values.length < 2) {
      return Double.NaN;
    }
    double mean = mean(values);
    double sum = 0;
    for (double value : values) {
      sum += (value - mean) * (value - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  /**
   * Quantile by linear interpolation between order statistics (Hyndman and Fan type 7, the default
   * of R's {@code quantile} and NumPy's {@code percentile}).
   */
  public static double quantile(double[] values, double probability) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = probability * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
  }

  /** Sample skewness g1 = m3 / m2^1.5 with biased moments; NaN below three values or with zero spread. */
  public static double skewness(double[] values) {
    if (values.length < 3) {
      return Double.NaN;
    }
    double mean = mean(values);
    double m2 = 0;
    double m3 = 0;
    for (double value : values) {
      double d = value - mean;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= values.length;
    m3 /= values.length;
    return m2 == 0 ? Double.NaN : m3 / Math.pow(m2, 1.5);
  }
}
