package org.pd1response.evaluation.metrics;

/**
 * DeLong test of two correlated AUCs (two models scored on the same cases).
 *
 * @param z (aucA - aucB) divided by the DeLong standard error of the difference; NaN when the
 *     difference has zero variance (identical rankings)
 * @param pValue two-sided p-value; NaN with z
 */
public record AucComparison(
    String modelA, String modelB, int cases, double aucA, double aucB, double difference, double z, double pValue) {}
