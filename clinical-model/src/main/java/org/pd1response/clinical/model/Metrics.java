package org.pd1response.clinical.model;

import java.util.Arrays;

/** Discrimination and calibration measures of binary probability predictions. */
public final class Metrics {

  private Metrics() {}

  /** Returns the ROC AUC (Mann-Whitney statistic; ties count one half). */
  public static double auc(double[] scores, int[] y) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));

    double[] rank = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = midRank;
      }
      i = j + 1;
    }

    double positives = 0;
    double rankSum = 0;
    for (int k = 0; k < n; k++) {
      if (y[k] == 1) {
        positives++;
        rankSum += rank[k];
      }
    }
    double negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("AUC needs both classes, found " + (int) positives + " positives and "
          + (int) negatives + " negatives");
    }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }

  /**
   * Returns the 95 % confidence interval of an AUC by the standard error of Hanley and McNeil
   * (Radiology 143:29-36, 1982), clipped to [0, 1].
   */
  public static double[] aucCi95(double auc, int positives, int negatives) {
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
        / ((double) positives * negatives);
    double half = 1.959964 * Math.sqrt(Math.max(variance, 0));
    return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
  }

  /** Returns the Brier score, the mean squared difference between probability and label. */
  public static double brier(double[] p, int[] y) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - y[i];
      sum += d * d;
    }
    return sum / p.length;
  }

  /** Returns {sensitivity, specificity} when probabilities at or above the threshold count positive. */
  public static double[] sensitivitySpecificity(double[] p, int[] y, double threshold) {
    int tp = 0;
    int fn = 0;
    int tn = 0;
    int fp = 0;
    for (int i = 0; i < p.length; i++) {
      boolean predicted = p[i] >= threshold;
      if (y[i] == 1) {
        tp += predicted ? 1 : 0;
        fn += predicted ? 0 : 1;
      } else {
        fp += predicted ? 1 : 0;
        tn += predicted ? 0 : 1;
      }
    }
    return new double[] {tp / (double) Math.max(1, tp + fn), tn / (double) Math.max(1, tn + fp)};
  }

  /** Returns the threshold that maximises sensitivity + specificity (Youden's J) over the observed probabilities. */
  public static double youdenThreshold(double[] p, int[] y) {
    double[] candidates = Arrays.stream(p).distinct().sorted().toArray();
    double best = 0.5;
    double bestJ = -1;
    for (double threshold : candidates) {
      double[] ss = sensitivitySpecificity(p, y, threshold);
      double j = ss[0] + ss[1] - 1;
      if (j > bestJ) {
        bestJ = j;
        best = threshold;
      }
    }
    return best;
  }
}
