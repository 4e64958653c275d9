package org.pd1response.evaluation.baseline;

/**
 * Outcome of a two-sided hypothesis test.
 *
 * @param test name of the test, such as "Welch t-test"
 * @param statistic t for the t-test, U of the first group for Mann-Whitney, chi-square for the
 *     chi-square test, the sample odds ratio for Fisher's exact test
 */
public record TestResult(String test, double statistic, double pValue) {}
