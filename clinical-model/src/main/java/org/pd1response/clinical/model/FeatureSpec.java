package org.pd1response.clinical.model;

import org.pd1response.clinical.schema.IndicatorType;

/**
 * One model input: the canonical unit it must arrive in, the value that replaces it when it is
 * missing, and its standardisation parameters. All three were fitted on the training data only.
 *
 * @param imputation training median (continuous) or mode (binary, ordinal, categorical)
 * @param mean mean of the imputed training values
 * @param scale standard deviation of the imputed training values; 1 when that was 0
 */
public record FeatureSpec(String name, String unit, IndicatorType type, double imputation, double mean, double scale) {

  /** Returns the standardised value. */
  public double standardise(double value) {
    return (value - mean) / scale;
  }
}
