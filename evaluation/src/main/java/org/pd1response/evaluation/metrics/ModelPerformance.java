package org.pd1response.evaluation.metrics;

/**
 * Every metric of one model on one group of cases.
 *
 * @param cases labelled cases the model scored
 * @param roc null when the group lacks either class, because the AUC is undefined then
 */
public record ModelPerformance(
    String model, double threshold, int cases, int positives, RocAnalysis roc, ConfusionMatrix confusion,
    Calibration calibration) {

  public int negatives() {
    return cases - positives;
  }

  /** Share of positive cases, the class balance. */
  public double prevalence() {
    return cases == 0 ? Double.NaN : (double) positives / cases;
  }
}
