package org.pd1response.evaluation.baseline;

import java.util.List;

/**
 * One variable of a baseline table.
 *
 * @param summaries per group: "mean (SD)" or "median [Q1, Q3]" for a continuous variable, empty
 *     for a categorical one
 * @param categories per level the counts and percentages of each group; empty for a continuous
 *     variable
 * @param missing per group, the cases without a value
 * @param note why a test was chosen or why it may be unreliable; empty when nothing needs saying
 */
public record BaselineVariable(
    String name, Kind kind, List<String> summaries, List<CategoryCounts> categories, List<Integer> missing,
    TestResult test, String note) {

  /** How the variable is summarised and tested. */
  public enum Kind {
    /** Mean and SD, Welch t-test. */
    NORMAL,
    /** Median and interquartile range, Mann-Whitney U test. */
    SKEWED,
    /** Counts and percentages, chi-square or Fisher's exact test. */
    CATEGORICAL
  }

  /** Counts of one level per group and their share of the group's non-missing values, in percent. */
  public record CategoryCounts(String level, List<Integer> counts, List<Double> percentages) {}
}
