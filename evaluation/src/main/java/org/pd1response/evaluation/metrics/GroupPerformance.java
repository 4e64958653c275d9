package org.pd1response.evaluation.metrics;

import java.util.List;

/**
 * The performance of every model on one cohort, or on one subgroup level within a cohort.
 *
 * @param subgroup subgroup column, null for the whole cohort
 * @param level subgroup level, null for the whole cohort
 * @param labelledCases cases with a known label; the metrics use only these
 * @param unlabelledCases cases left out because their label is unknown
 * @param comparisons DeLong tests for every pair of models, on the cases both scored
 */
public record GroupPerformance(
    String cohort, String subgroup, String level, int labelledCases, int positives, int unlabelledCases,
    List<ModelPerformance> models, List<AucComparison> comparisons) {

  public GroupPerformance {
    models = List.copyOf(models);
    comparisons = List.copyOf(comparisons);
  }

  /** Label such as "external" or "external, regimen = PD-1+TACE". */
  public String title() {
    return subgroup == null ? cohort : cohort + ", " + subgroup + " = " + level;
  }

  public boolean isWholeCohort() {
    return subgroup == null;
  }
}
