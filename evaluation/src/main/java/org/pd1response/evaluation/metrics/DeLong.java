package org.pd1response.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * ROC AUC with DeLong's variance (DeLong, DeLong and Clarke-Pearson, Biometrics 44:837-845, 1988)
 * and the DeLong test for two AUCs measured on the same cases.
 *
 * <p>Steps: a positive case scores higher than a negative one with kernel value 1, equal with 0.5,
 * lower with 0. The AUC is the mean kernel value over all positive-negative pairs. Each positive
 * case gets a placement V10 (its mean kernel value over the negatives) and each negative case a
 * placement V01 (mean over the positives). Var(AUC) = S10 / m + S01 / n, where S10 and S01 are
 * the sample variances (denominator m - 1 and n - 1) of the placements and m, n are the numbers
 * of positives and negatives. The interval is AUC +- z(1 - alpha / 2) sqrt(Var), clipped to [0, 1];
 * this matches pROC's {@code ci.auc(method = "delong")} with {@code direction = "<"}.
 */
public final class DeLong {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private DeLong() {}

  /** Placements of the positive and negative cases and the AUC they average to. */
  record Placements(double auc, double[] positive, double[] negative) {}

  /**
   * Computes the AUC, its DeLong interval at {@code confidenceLevel} (such as 0.95) and the curve.
   *
   * @throws IllegalArgumentException when either class is empty
   */
  public static RocAnalysis analyse(BinaryOutcomes outcomes, double confidenceLevel) {
    requireBothClasses(outcomes);
    Placements placements = placements(outcomes);
    int m = placements.positive().length;
    int n = placements.negative().length;
    double variance = m < 2 || n < 2
        ? Double.NaN
        : covariance(placements.positive(), placements.positive(), placements.auc(), placements.auc()) / m
            + covariance(placements.negative(), placements.negative(), placements.auc(), placements.auc()) / n;
    double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidenceLevel) / 2);
    double halfWidth = z * Math.sqrt(variance);
    double lower = Double.isNaN(variance) ? Double.NaN : Math.max(0.0, placements.auc() - halfWidth);
    double upper = Double.isNaN(variance) ? Double.NaN : Math.min(1.0, placements.auc() + halfWidth);
    return new RocAnalysis(placements.auc(), variance, confidenceLevel, lower, upper, m, n, curve(outcomes));
  }

  /**
   * Runs the paired DeLong test: z = (AUC_A - AUC_B) / sqrt(Var_A + Var_B - 2 Cov_AB), two-sided.
   * Both models must have scored the same cases in the same order.
   */
  public static AucComparison compare(String modelA, BinaryOutcomes a, String modelB, BinaryOutcomes b) {
    if (!Arrays.equals(a.labels(), b.labels())) {
      throw new IllegalArgumentException("the DeLong test needs both models scored on the same cases with the same labels");
    }
    requireBothClasses(a);
    Placements pa = placements(a);
    Placements pb = placements(b);
    int m = pa.positive().length;
    int n = pa.negative().length;
    double difference = pa.auc() - pb.auc();
    double z = Double.NaN;
    double p = Double.NaN;
    if (m >= 2 && n >= 2) {
      double varA = covariance(pa.positive(), pa.positive(), pa.auc(), pa.auc()) / m
          + covariance(pa.negative(), pa.negative(), pa.auc(), pa.auc()) / n;
      double varB = covariance(pb.positive(), pb.positive(), pb.auc(), pb.auc()) / m
          + covariance(pb.negative(), pb.negative(), pb.auc(), pb.auc()) / n;
      double cov = covariance(pa.positive(), pb.positive(), pa.auc(), pb.auc()) / m
          + covariance(pa.negative(), pb.negative(), pa.auc(), pb.auc()) / n;
      double varianceOfDifference = varA + varB - 2 * cov;
      if (varianceOfDifference > 1e-15) {
        z = difference / Math.sqrt(varianceOfDifference);
        p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
      }
    }
    return new AucComparison(modelA, modelB, a.size(), pa.auc(), pb.auc(), difference, z, p);
  }

  /** Computes the placements with sorting and binary search: O((m + n) log(m + n)). */
  static Placements placements(BinaryOutcomes outcomes) {
    double[] positives = outcomes.scoresOf(1);
    double[] negatives = outcomes.scoresOf(0);
    double[] sortedPositives = positives.clone();
    double[] sortedNegatives = negatives.clone();
    Arrays.sort(sortedPositives);
    Arrays.sort(sortedNegatives);
    double[] v10 = new double[positives.length];
    double sum = 0;
    for (int i = 0; i < positives.length; i++) {
      int below = lowerBound(sortedNegatives, positives[i]);
      int equal = lowerBound(sortedNegatives, Math.nextUp(positives[i])) - below;
      v10[i] = (below + 0.5 * equal) / negatives.length;
      sum += v10[i];
    }
    double[] v01 = new double[negatives.length];
    for (int j = 0; j < negatives.length; j++) {
      int atOrBelow = lowerBound(sortedPositives, Math.nextUp(negatives[j]));
      int equal = atOrBelow - lowerBound(sortedPositives, negatives[j]);
      int above = positives.length - atOrBelow;
      v01[j] = (above + 0.5 * equal) / positives.length;
    }
    return new Placements(sum / positives.length, v10, v01);
  }

  /** ROC curve over every distinct score, from the highest threshold down. */
  static List<RocPoint> curve(BinaryOutcomes outcomes) {
    int size = outcomes.size();
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    double[] scores = outcomes.probabilities();
    Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
    double positives = outcomes.positives();
    double negatives = outcomes.negatives();
    List<RocPoint> points = new ArrayList<>();
    points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
    int truePositives = 0;
    int falsePositives = 0;
    for (int k = 0; k < size; k++) {
      int index = order[k];
      if (outcomes.labels()[index] == 1) {
        truePositives++;
      } else {
        falsePositives++;
      }
      boolean lastOfTies = k == size - 1 || scores[order[k + 1]] != scores[index];
      if (lastOfTies) {
        points.add(new RocPoint(scores[index], falsePositives / negatives, truePositives / positives));
      }
    }
    return points;
  }

  private static double covariance(double[] x, double[] y, double meanX, double meanY) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (x[i] - meanX) * (y[i] - meanY);
    }
    return sum / (x.length - 1);
  }

  /** Index of the first element not less than {@code value}. */
  private static int lowerBound(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static void requireBothClasses(BinaryOutcomes outcomes) {
    if (outcomes.positives() == 0 || outcomes.negatives() == 0) {
      throw new IllegalArgumentException("ROC AUC needs at least one positive and one negative case, found "
          + outcomes.positives() + " positive and " + outcomes.negatives() + " negative");
    }
  }
}
