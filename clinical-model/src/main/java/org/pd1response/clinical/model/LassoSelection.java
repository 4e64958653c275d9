package org.pd1response.clinical.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.DoubleVector;
import smile.regression.LASSO;
import smile.regression.LinearModel;

/**
 * Lasso feature selection on standardised features with the 0/1 outcome as response. Smile's
 * LASSO minimises |y - Xw|^2 + lambda |w|_1; lambda is chosen from a geometric grid between
 * lambda_max (where every coefficient is 0) and lambda_max / 100 by the lowest mean squared error
 * of an inner stratified k-fold on the training rows. Features with a non-zero coefficient at
 * that lambda are selected.
 *
 * @param columns selected column indices into the schema's features
 * @param coefficients Lasso coefficient of each selected column
 */
public record LassoSelection(int[] columns, double[] coefficients, double lambda) {

  private static final String RESPONSE = "outcome";
  private static final int GRID_SIZE = 12;
  /** Coefficients at or below this magnitude count as zero; the interior-point solver leaves tiny residues. */
  private static final double ZERO = 1e-6;

  /**
   * Selects features. When no feature survives, the one most correlated with the outcome is kept,
   * because every classifier needs at least one input.
   */
  public static LassoSelection select(double[][] z, int[] y, int innerFolds, long seed) {
    int p = z[0].length;
    double[] response = new double[y.length];
    double mean = 0;
    for (int i = 0; i < y.length; i++) {
      response[i] = y[i];
      mean += y[i];
    }
    mean /= y.length;
    double[] correlation = new double[p];
    double lambdaMax = 0;
    for (int j = 0; j < p; j++) {
      double dot = 0;
      for (int i = 0; i < y.length; i++) {
        dot += z[i][j] * (response[i] - mean);
      }
      correlation[j] = Math.abs(dot);
      lambdaMax = Math.max(lambdaMax, 2 * correlation[j]);
    }

    double bestLambda = lambdaMax;
    double bestError = Double.POSITIVE_INFINITY;
    List<int[][]> folds = Folds.stratified(y, innerFolds, new Random(seed));
    for (int g = 1; g < GRID_SIZE; g++) {
      double lambda = lambdaMax * Math.pow(0.01, (double) g / (GRID_SIZE - 1));
      double error = 0;
      for (int[][] fold : folds) {
        Fit model = fit(rows(z, fold[0]), values(response, fold[0]), lambda);
        for (int row : fold[1]) {
          double d = model.predict(z[row]) - response[row];
          error += d * d;
        }
      }
      if (error < bestError) {
        bestError = error;
        bestLambda = lambda;
      }
    }

    double[] w = fit(z, response, bestLambda).coefficients();
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      if (Math.abs(w[j]) > ZERO) {
        kept.add(j);
      }
    }
    if (kept.isEmpty()) {
      int best = 0;
      for (int j = 1; j < p; j++) {
        if (correlation[j] > correlation[best]) {
          best = j;
        }
      }
      kept.add(best);
    }
    int[] columns = kept.stream().mapToInt(Integer::intValue).toArray();
    double[] coefficients = new double[columns.length];
    for (int c = 0; c < columns.length; c++) {
      coefficients[c] = w[columns[c]];
    }
    return new LassoSelection(columns, coefficients, bestLambda);
  }

  /** A Lasso fit on the non-constant columns; constant columns get coefficient 0. */
  private record Fit(LinearModel model, int[] columns, int width) {

    double predict(double[] row) {
      double[] kept = new double[columns.length];
      for (int c = 0; c < columns.length; c++) {
        kept[c] = row[columns[c]];
      }
      return model.predict(kept);
    }

    double[] coefficients() {
      double[] w = new double[width];
      double[] fitted = model.coefficients();
      for (int c = 0; c < columns.length; c++) {
        w[columns[c]] = fitted[c];
      }
      return w;
    }
  }

  /** Fits Smile's LASSO, leaving out columns that are constant in these rows because Smile rejects them. */
  private static Fit fit(double[][] x, double[] response, double lambda) {
    int width = x[0].length;
    int[] columns = java.util.stream.IntStream.range(0, width)
        .filter(j -> java.util.Arrays.stream(x).mapToDouble(row -> row[j]).distinct().count() > 1)
        .toArray();
    if (columns.length == 0) {
      throw new IllegalArgumentException("every feature is constant in the training rows; Lasso needs at least one varying feature");
    }
    double[][] kept = new double[x.length][columns.length];
    String[] names = new String[columns.length];
    for (int c = 0; c < columns.length; c++) {
      names[c] = "f" + columns[c];
      for (int i = 0; i < x.length; i++) {
        kept[i][c] = x[i][columns[c]];
      }
    }
    DataFrame frame = DataFrame.of(kept, names).merge(DoubleVector.of(RESPONSE, response));
    return new Fit(LASSO.fit(Formula.lhs(RESPONSE), frame, lambda), columns, width);
  }

  static double[][] rows(double[][] x, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = x[rows[i]];
    }
    return out;
  }

  static double[] values(double[] v, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = v[rows[i]];
    }
    return out;
  }
}
