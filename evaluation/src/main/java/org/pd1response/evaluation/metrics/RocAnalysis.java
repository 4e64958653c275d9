package org.pd1response.evaluation.metrics;

import java.util.List;

/**
 * ROC AUC of one model with its DeLong variance and confidence interval.
 *
 * @param variance DeLong variance of the AUC; NaN when either class has fewer than two cases
 * @param ciLower lower confidence limit, clipped to [0, 1]; NaN when the variance is
 * @param curve ROC curve from (0, 0) to (1, 1)
 */
public record RocAnalysis(
    double auc, double variance, double confidenceLevel, double ciLower, double ciUpper, int positives, int negatives,
    List<RocPoint> curve) {}
