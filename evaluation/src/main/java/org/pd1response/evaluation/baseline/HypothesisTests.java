package org.pd1response.evaluation.baseline;

import java.util.Arrays;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The two-group tests of a baseline table, all two-sided. Definitions follow SciPy 1.10 so that
 * its values serve as the reference: {@code ttest_ind(equal_var=False)},
 * {@code mannwhitneyu(method="asymptotic", use_continuity=True)}, {@code chi2_contingency} with
 * Yates's correction on 2 x 2 tables, and {@code fisher_exact}.
 */
public final class HypothesisTests {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  /** Relative tolerance when collecting tables as extreme as the observed one, as SciPy does. */
  private static final double FISHER_RELATIVE_TOLERANCE = 1 + 1e-7;

  private HypothesisTests() {}

  /** Welch's unequal-variance t-test; each group needs at least two values. */
  public static TestResult welchT(double[] x, double[] y) {
    requireSize("Welch t-test", x, y, 2);
    TTest test = new TTest();
    return new TestResult("Welch t-test", test.t(x, y), test.tTest(x, y));
  }

  /**
   * Mann-Whitney U test with the normal approximation, tie correction and continuity correction.
   * The statistic is U of {@code x}: the number of pairs in which the x value is larger, ties
   * counting one half.
   */
  public static TestResult mannWhitneyU(double[] x, double[] y) {
    requireSize("Mann-Whitney U test", x, y, 1);
    int n1 = x.length;
    int n2 = y.length;
    int n = n1 + n2;
    double[] all = new double[n];
    System.arraycopy(x, 0, all, 0, n1);
    System.arraycopy(y, 0, all, n1, n2);
    double[] sorted = all.clone();
    Arrays.sort(sorted);

    double rankSumX = 0;
    for (double value : x) {
      rankSumX += midRank(sorted, value);
    }
    double tieTerm = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && sorted[j] == sorted[i]) {
        j++;
      }
      double t = j - i;
      tieTerm += t * t * t - t;
      i = j;
    }

    double u1 = rankSumX - n1 * (n1 + 1) / 2.0;
    double u2 = (double) n1 * n2 - u1;
    double u = Math.max(u1, u2);
    double mean = n1 * n2 / 2.0;
    double sd = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1.0))));
    double p = sd == 0 ? 1.0 : Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-(u - mean - 0.5) / sd));
    return new TestResult("Mann-Whitney U test", u1, p);
  }

  /**
   * Runs Pearson's chi-square test of independence on an r x c table of counts. On a 2 x 2 table
   * each observed count moves by at most 0.5 towards its expected count (Yates's correction).
   */
  public static TestResult chiSquare(long[][] counts) {
    int rows = counts.length;
    int columns = counts[0].length;
    if (rows < 2 || columns < 2) {
      throw new IllegalArgumentException("chi-square test needs at least a 2 x 2 table, found " + rows + " x " + columns);
    }
    double[][] expected = expected(counts);
    int dof = (rows - 1) * (columns - 1);
    double statistic = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        double observed = counts[r][c];
        if (dof == 1) {
          double difference = expected[r][c] - observed;
          observed += Math.signum(difference) * Math.min(0.5, Math.abs(difference));
        }
        statistic += (observed - expected[r][c]) * (observed - expected[r][c]) / expected[r][c];
      }
    }
    double p = 1 - new ChiSquaredDistribution(null, dof).cumulativeProbability(statistic);
    return new TestResult(dof == 1 ? "chi-square test (Yates)" : "chi-square test", statistic, p);
  }

  /**
   * Fisher's exact test on a 2 x 2 table {{a, b}, {c, d}}: the p-value sums the hypergeometric
   * probabilities of every table with the same margins that is no more likely than the observed
   * one. The statistic is the sample odds ratio ad / bc.
   */
  public static TestResult fisherExact(long[][] counts) {
    if (counts.length != 2 || counts[0].length != 2) {
      throw new IllegalArgumentException("Fisher's exact test needs a 2 x 2 table, found " + counts.length + " x " + counts[0].length);
    }
    long a = counts[0][0];
    long b = counts[0][1];
    long c = counts[1][0];
    long d = counts[1][1];
    int population = (int) (a + b + c + d);
    int firstColumn = (int) (a + c);
    int firstRow = (int) (a + b);
    double oddsRatio;
    if (b * c != 0) {
      oddsRatio = (double) (a * d) / (b * c);
    } else if (a * d != 0) {
      oddsRatio = Double.POSITIVE_INFINITY;
    } else {
      oddsRatio = Double.NaN;
    }

    if (population == 0 || firstColumn == 0 || firstRow == 0 || firstColumn == population || firstRow == population) {
      return new TestResult("Fisher's exact test", oddsRatio, 1.0);
    }
    HypergeometricDistribution distribution = new HypergeometricDistribution(null, population, firstColumn, firstRow);
    double observed = distribution.probability((int) a);
    double p = 0;
    for (int x = distribution.getSupportLowerBound(); x <= distribution.getSupportUpperBound(); x++) {
      double probability = distribution.probability(x);
      if (probability <= observed * FISHER_RELATIVE_TOLERANCE) {
        p += probability;
      }
    }
    return new TestResult("Fisher's exact test", oddsRatio, Math.min(1.0, p));
  }

  /** Expected counts under independence: row total times column total over the grand total. */
  public static double[][] expected(long[][] counts) {
    int rows = counts.length;
    int columns = counts[0].length;
    double[] rowTotals = new double[rows];
    double[] columnTotals = new double[columns];
    double total = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        rowTotals[r] += counts[r][c];
        columnTotals[c] += counts[r][c];
        total += counts[r][c];
      }
    }
    double[][] expected = new double[rows][columns];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        expected[r][c] = rowTotals[r] * columnTotals[c] / total;
      }
    }
    return expected;
  }

  private static double midRank(double[] sorted, double value) {
    int first = Arrays.binarySearch(sorted, value);
    int low = first;
    while (low > 0 && sorted[low - 1] == value) {
      low--;
    }
    int high = first;
    while (high < sorted.length - 1 && sorted[high + 1] == value) {
      high++;
    }
    return (low + high) / 2.0 + 1;
  }

  private static void requireSize(String test, double[] x, double[] y, int minimum) {
    if (x.length < minimum || y.length < minimum) {
      throw new IllegalArgumentException(test + " needs at least " + minimum + " values per group, found "
          + x.length + " and " + y.length);
    }
  }
}
