package org.pd1response.evaluation.metrics;

/**
 * One bin of a reliability curve: cases whose probability lies in (lower, upper], the first bin
 * also holding 0.
 */
public record ReliabilityBin(double lower, double upper, int cases, double meanPredicted, double observedRate) {}
