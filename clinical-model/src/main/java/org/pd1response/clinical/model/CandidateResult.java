package org.pd1response.clinical.model;

/**
 * Cross-validated performance of one candidate.
 *
 * @param auc mean over repeats of the ROC AUC of the pooled out-of-fold predictions
 * @param aucCi95Low lower end of the 95 % confidence interval of {@code auc} (Hanley-McNeil)
 * @param aucCi95High upper end of that interval
 * @param aucSd standard deviation of the per-repeat AUCs
 * @param sensitivity mean sensitivity at probability 0.5
 * @param specificity mean specificity at probability 0.5
 * @param brier mean Brier score
 */
public record CandidateResult(
    Candidate candidate,
    double auc,
    double aucCi95Low,
    double aucCi95High,
    double aucSd,
    double sensitivity,
    double specificity,
    double brier) {

  /** Returns the balanced accuracy at probability 0.5. */
  public double balancedAccuracy() {
    return (sensitivity + specificity) / 2;
  }
}
