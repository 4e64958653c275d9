package org.pd1response.evaluation.metrics;

/**
 * One point of an ROC curve: the rates obtained when every case scoring at least
 * {@code threshold} is called positive.
 */
public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {}
