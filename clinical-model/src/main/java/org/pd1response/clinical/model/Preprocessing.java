package org.pd1response.clinical.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.Indicator;
import org.pd1response.clinical.schema.IndicatorType;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;

/**
 * Imputation and standardisation fitted on training rows only. A missing value (any flag other
 * than PRESENT) becomes the training median of a continuous feature, or the training mode of a
 * binary, ordinal or categorical one. Each feature is then standardised by the mean and standard
 * deviation of its imputed training values.
 *
 * <p>NOTE: categorical codes enter the models as numbers, not as one-hot columns, which suits
 * binary-like categories but imposes an order on regimens with three or more classes.
 */
public final class Preprocessing {

  private Preprocessing() {}

  /** Returns the records as a matrix in schema order, NaN where a value is not PRESENT. */
  public static double[][] rawMatrix(ClinicalSchema schema, List<NormalisedRecord> records) {
    List<String> names = schema.names();
    double[][] x = new double[records.size()][names.size()];
    for (int r = 0; r < records.size(); r++) {
      Arrays.fill(x[r], Double.NaN);
      Map<String, ClinicalValue> byName = new HashMap<>();
      for (ClinicalValue value : records.get(r).values()) {
        byName.put(value.name(), value);
      }
      for (int j = 0; j < names.size(); j++) {
        ClinicalValue value = byName.get(names.get(j));
        if (value != null && value.flag() == ValueFlag.PRESENT) {
          x[r][j] = value.value();
        }
      }
    }
    return x;
  }

  /** Fits imputation and scaling on the given training rows of a raw matrix. */
  public static List<FeatureSpec> fit(ClinicalSchema schema, double[][] raw, int[] trainRows) {
    List<FeatureSpec> specs = new ArrayList<>();
    List<Indicator> indicators = schema.indicators();
    for (int j = 0; j < indicators.size(); j++) {
      Indicator indicator = indicators.get(j);
      double[] present = presentValues(raw, trainRows, j);
      double imputation = imputationValue(indicator, present);
      double sum = 0;
      for (int row : trainRows) {
        sum += Double.isNaN(raw[row][j]) ? imputation : raw[row][j];
      }
      double mean = sum / trainRows.length;
      double squares = 0;
      for (int row : trainRows) {
        double d = (Double.isNaN(raw[row][j]) ? imputation : raw[row][j]) - mean;
        squares += d * d;
      }
      double sd = trainRows.length > 1 ? Math.sqrt(squares / (trainRows.length - 1)) : 0;
      specs.add(new FeatureSpec(indicator.name(), indicator.unit(), indicator.type(), imputation, mean, sd > 0 ? sd : 1));
    }
    return specs;
  }

  /**
   * Imputes and standardises the given rows and keeps the selected columns.
   *
   * @throws IllegalStateException if a NaN remains, which would mean a bug in imputation
   */
  public static double[][] transform(double[][] raw, int[] rows, List<FeatureSpec> specs, int[] columns) {
    double[][] z = new double[rows.length][columns.length];
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < columns.length; c++) {
        int j = columns[c];
        FeatureSpec spec = specs.get(j);
        double value = raw[rows[i]][j];
        z[i][c] = spec.standardise(Double.isNaN(value) ? spec.imputation() : value);
        if (!Double.isFinite(z[i][c])) {
          throw new IllegalStateException("feature " + spec.name() + " of row " + rows[i] + " is " + z[i][c]
              + " after imputation, expected a finite number");
        }
      }
    }
    return z;
  }

  private static double[] presentValues(double[][] raw, int[] rows, int column) {
    return Arrays.stream(rows).mapToDouble(r -> raw[r][column]).filter(v -> !Double.isNaN(v)).sorted().toArray();
  }

  private static double imputationValue(Indicator indicator, double[] sortedPresent) {
    if (sortedPresent.length == 0) {
      // NOTE: a feature with no value in the training rows is imputed at the middle of its plausible range.
      return (indicator.range().min() + indicator.range().max()) / 2;
    }
    if (indicator.type() == IndicatorType.CONTINUOUS) {
      int n = sortedPresent.length;
      return n % 2 == 1 ? sortedPresent[n / 2] : (sortedPresent[n / 2 - 1] + sortedPresent[n / 2]) / 2;
    }
    // Mode; ties go to the smallest code so that the result does not depend on row order.
    double mode = sortedPresent[0];
    int best = 0;
    int run = 0;
    for (int i = 0; i < sortedPresent.length; i++) {
      run = i > 0 && sortedPresent[i] == sortedPresent[i - 1] ? run + 1 : 1;
      if (run > best) {
        best = run;
        mode = sortedPresent[i];
      }
    }
    return mode;
  }
}
