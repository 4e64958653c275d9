package org.pd1response.clinical.model;

import java.util.List;

/**
 * A clinical model's output for one record.
 *
 * @param probability positive-class probability in [0, 1]
 * @param imputedFeatures selected features that were missing or flagged and got the imputation value
 * @param flaggedFeatures model features whose value was implausible or unparseable
 */
public record ClinicalPrediction(double probability, List<String> imputedFeatures, List<String> flaggedFeatures) {}
