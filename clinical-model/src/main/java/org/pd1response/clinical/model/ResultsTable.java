package org.pd1response.clinical.model;

/** Formats cross-validated results as a Markdown table. */
public final class ResultsTable {

  private ResultsTable() {}

  /** Returns one row per candidate, the chosen one marked. */
  public static String markdown(TrainingResult result) {
    StringBuilder table = new StringBuilder();
    table.append(String.format("%d-fold stratified CV x %d repeats, seed %d; %d rows (%d positive); selected: %s%n%n",
        result.settings().folds(), result.settings().repeats(), result.settings().seed(),
        result.cohort().labels().length, result.cohort().positives(), result.model().selected()));
    table.append("| classifier | ROC AUC | 95 % CI | SD over repeats | sensitivity | specificity | balanced accuracy | Brier |\n");
    table.append("|---|---|---|---|---|---|---|---|\n");
    for (CandidateResult r : result.results()) {
      table.append(String.format("| %s%s | %.3f | %.3f-%.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
          r.candidate(), r.candidate() == result.chosen() ? " (chosen)" : "", r.auc(), r.aucCi95Low(), r.aucCi95High(),
          r.aucSd(), r.sensitivity(), r.specificity(), r.balancedAccuracy(), r.brier()));
    }
    return table.toString();
  }
}
