package org.pd1response.ensemble.fitting;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve with its DeLong 95 % confidence interval.
 *
 * <p>The AUC is the Mann-Whitney statistic: the probability that a random positive scores higher
 * than a random negative, ties counting one half. The variance follows DeLong, DeLong and
 * Clarke-Pearson (Biometrics 44, 1988): {@code S10 / m + S01 / n} over the structural components
 * of the m positives and n negatives. The interval is the normal approximation clipped to [0, 1].
 */
public final class Auc {

  private static final double Z_95 = 1.959963984540054;

  private Auc() {}

  /** An AUC with the bounds of its 95 % confidence interval. */
  public record Estimate(double auc, double lower, double upper) {}

  /**
   * Computes the AUC from midranks in O(N log N).
   *
   * @throws IllegalArgumentException when the arrays differ in length or a class is absent
   */
  public static double of(double[] scores, int[] labels) {
    int positives = countPositives(scores, labels);
    int negatives = labels.length - positives;
    double[] ranks = midranks(scores);
    double positiveRankSum = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        positiveRankSum += ranks[i];
      }
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Computes the AUC and its DeLong 95 % confidence interval; O(m n) in time. */
  public static Estimate withConfidence(double[] scores, int[] labels) {
    int m = countPositives(scores, labels);
    int n = labels.length - m;
    double[] positive = new double[m];
    double[] negative = new double[n];
    int p = 0;
    int q = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        positive[p++] = scores[i];
      } else {
        negative[q++] = scores[i];
      }
    }
    double[] v10 = new double[m];
    double[] v01 = new double[n];
    double auc = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double psi = 0.0;
        if (positive[i] > negative[j]) {
          psi = 1.0;
        } else if (positive[i] == negative[j]) {
          psi = 0.5;
        }
        v10[i] += psi / n;
        v01[j] += psi / m;
        auc += psi;
      }
    }
    auc /= (double) m * n;
    double variance = sampleVariance(v10, auc) / m + sampleVariance(v01, auc) / n;
    double half = Z_95 * Math.sqrt(variance);
    return new Estimate(auc, Math.max(0.0, auc - half), Math.min(1.0, auc + half));
  }

  private static double sampleVariance(double[] components, double mean) {
    if (components.length < 2) {
      return 0.0;
    }
    double sum = 0;
    for (double component : components) {
      sum += (component - mean) * (component - mean);
    }
    return sum / (components.length - 1);
  }

  private static int countPositives(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          "scores and labels must have the same length, found " + scores.length + " and " + labels.length);
    }
    int positives = 0;
    for (int label : labels) {
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1, found " + label);
      }
      positives += label;
    }
    if (positives == 0 || positives == labels.length) {
      throw new IllegalArgumentException("AUC needs both classes, found " + positives + " positives among "
          + labels.length + " cases");
    }
    return positives;
  }

  private static double[] midranks(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double[] ranks = new double[scores.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1.0;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }
}
