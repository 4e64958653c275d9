package org.pd1response.ensemble.fitting;

import java.util.Arrays;

/**
 * The decision threshold that maximises Youden's J = sensitivity + specificity - 1, with a case
 * called positive when its score is at least the threshold. Candidates are the observed scores;
 * among equal J the lowest threshold wins, which favours sensitivity.
 */
public record YoudenThreshold(double threshold, double youdenJ, double sensitivity, double specificity) {

  public static final String RULE = "YOUDEN_J";

  /** Finds the threshold for the given scores and labels (1 = positive); O(N squared) in time. */
  public static YoudenThreshold of(double[] scores, int[] labels) {
    if (scores.length != labels.length || scores.length == 0) {
      throw new IllegalArgumentException("scores and labels must be non-empty and of equal length, found "
          + scores.length + " and " + labels.length);
    }
    int positives = 0;
    for (int label : labels) {
      positives += label;
    }
    int negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("Youden's J needs both classes, found " + positives + " positives among "
          + labels.length + " cases");
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    YoudenThreshold best = null;
    for (int i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        continue;
      }
      double threshold = sorted[i];
      int truePositives = 0;
      int trueNegatives = 0;
      for (int k = 0; k < scores.length; k++) {
        boolean predicted = scores[k] >= threshold;
        if (predicted && labels[k] == 1) {
          truePositives++;
        } else if (!predicted && labels[k] == 0) {
          trueNegatives++;
        }
      }
      double sensitivity = (double) truePositives / positives;
      double specificity = (double) trueNegatives / negatives;
      double j = sensitivity + specificity - 1.0;
      if (best == null || j > best.youdenJ()) {
        best = new YoudenThreshold(threshold, j, sensitivity, specificity);
      }
    }
    return best;
  }
}
