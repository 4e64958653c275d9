package org.pd1response.evaluation.metrics;

/**
 * Counts of predicted against observed classes at one threshold, with the metrics derived from
 * them. A case is predicted positive when its probability is at least the threshold.
 */
public record ConfusionMatrix(double threshold, int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

  /** Counts the four cells for the given threshold. */
  public static ConfusionMatrix at(BinaryOutcomes outcomes, double threshold) {
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      boolean predicted = outcomes.probabilities()[i] >= threshold;
      boolean observed = outcomes.labels()[i] == 1;
      if (predicted && observed) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (observed) {
        fn++;
      } else {
        tn++;
      }
    }
    return new ConfusionMatrix(threshold, tp, fp, tn, fn);
  }

  public int total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  public double accuracy() {
    return ratio(truePositives + trueNegatives, total());
  }

  /** Recall of the positive class; NaN when there are no positive cases. */
  public double sensitivity() {
    return ratio(truePositives, truePositives + falseNegatives);
  }

  /** Recall of the negative class; NaN when there are no negative cases. */
  public double specificity() {
    return ratio(trueNegatives, trueNegatives + falsePositives);
  }

  /** Mean of sensitivity and specificity, which a model that calls everyone positive cannot inflate. */
  public double balancedAccuracy() {
    return (sensitivity() + specificity()) / 2;
  }

  /** Positive predictive value; NaN when no case is predicted positive. */
  public double precision() {
    return ratio(truePositives, truePositives + falsePositives);
  }

  /** Harmonic mean of precision and sensitivity, 2TP / (2TP + FP + FN); NaN when all three are zero. */
  public double f1() {
    return ratio(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
  }

  /**
   * Matthews correlation coefficient. When a row or column of the matrix is empty the formula is
   * 0 / 0, and this returns 0 as scikit-learn does: such a model carries no information.
   */
  public double mcc() {
    double tp = truePositives;
    double fp = falsePositives;
    double tn = trueNegatives;
    double fn = falseNegatives;
    double denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    return denominator == 0 ? 0.0 : (tp * tn - fp * fn) / denominator;
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? Double.NaN : numerator / denominator;
  }
}
