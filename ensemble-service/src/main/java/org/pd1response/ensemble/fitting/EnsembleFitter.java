package org.pd1response.ensemble.fitting;

import java.util.ArrayList;
import java.util.List;
import org.pd1response.contracts.events.Prediction.Weights;

/**
 * Fits soft-voting weights and a threshold on validation predictions of both models.
 *
 * <ol>
 *   <li>For imaging weights w = 0, step, 2 step, ..., 1 (clinical weight 1 - w), compute the AUC of
 *       {@code w * p_imaging + (1 - w) * p_clinical}.
 *   <li>Keep the w with the highest AUC. Among equal AUCs the w closest to 0.5 wins, so both
 *       models keep a share when the data cannot tell them apart.
 *   <li>Choose the threshold on the combined probability by Youden's J.
 * </ol>
 *
 * The AUC of the chosen weights is measured on the same cases it was selected on, so it is
 * optimistic; a held-out set gives the unbiased figure.
 */
public final class EnsembleFitter {

  /** Smallest number of validation cases accepted for a fit. */
  public static final int MIN_CASES = 20;

  private EnsembleFitter() {}

  /** AUC of the combination at one imaging weight. */
  public record GridPoint(double imagingWeight, double auc) {}

  /** The fitted parameters and the evidence for them. */
  public record Fit(
      Weights weights,
      YoudenThreshold threshold,
      Auc.Estimate imagingAuc,
      Auc.Estimate clinicalAuc,
      Auc.Estimate ensembleAuc,
      List<GridPoint> grid,
      int cases,
      int positives) {}

  /** Evaluation of given weights and threshold on a set of paired predictions. */
  public record Evaluation(
      Auc.Estimate imagingAuc, Auc.Estimate clinicalAuc, Auc.Estimate ensembleAuc, double sensitivity,
      double specificity, int cases, int positives) {}

  /**
   * Fits weights and threshold.
   *
   * @param step grid step of the imaging weight, in (0, 0.5]
   * @throws IllegalArgumentException when there are fewer than {@value #MIN_CASES} cases or one class is absent
   */
  public static Fit fit(List<PairedPrediction> rows, double step) {
    if (!(step > 0 && step <= 0.5)) {
      throw new IllegalArgumentException("weight step must be in (0, 0.5], found " + step);
    }
    if (rows.size() < MIN_CASES) {
      throw new IllegalArgumentException(
          "fitting needs at least " + MIN_CASES + " validation cases, found " + rows.size());
    }
    int[] labels = labels(rows);
    double[] imaging = rows.stream().mapToDouble(PairedPrediction::imagingProbability).toArray();
    double[] clinical = rows.stream().mapToDouble(PairedPrediction::clinicalProbability).toArray();

    int steps = (int) Math.round(1.0 / step);
    List<GridPoint> grid = new ArrayList<>();
    GridPoint best = null;
    for (int i = 0; i <= steps; i++) {
      // Rounded so that the card lists 0.7 rather than 0.7000000000000001.
      double weight = Math.min(1.0, Math.round(i * step * 1e9) / 1e9);
      GridPoint point = new GridPoint(weight, Auc.of(combine(imaging, clinical, weight), labels));
      grid.add(point);
      if (best == null || point.auc() > best.auc() + 1e-12
          || (Math.abs(point.auc() - best.auc()) <= 1e-12
              && Math.abs(weight - 0.5) < Math.abs(best.imagingWeight() - 0.5))) {
        best = point;
      }
    }
    double[] combined = combine(imaging, clinical, best.imagingWeight());
    return new Fit(new Weights(best.imagingWeight(), 1.0 - best.imagingWeight()), YoudenThreshold.of(combined, labels),
        Auc.withConfidence(imaging, labels), Auc.withConfidence(clinical, labels),
        Auc.withConfidence(combined, labels), List.copyOf(grid), rows.size(), positives(labels));
  }

  /** Evaluates given weights and threshold, such as fitted ones on a held-out set. */
  public static Evaluation evaluate(List<PairedPrediction> rows, Weights weights, double threshold) {
    int[] labels = labels(rows);
    double[] imaging = rows.stream().mapToDouble(PairedPrediction::imagingProbability).toArray();
    double[] clinical = rows.stream().mapToDouble(PairedPrediction::clinicalProbability).toArray();
    double[] combined = combine(imaging, clinical, weights.imaging());
    int truePositives = 0;
    int trueNegatives = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predicted = combined[i] >= threshold;
      if (predicted && labels[i] == 1) {
        truePositives++;
      } else if (!predicted && labels[i] == 0) {
        trueNegatives++;
      }
    }
    int positives = positives(labels);
    return new Evaluation(Auc.withConfidence(imaging, labels), Auc.withConfidence(clinical, labels),
        Auc.withConfidence(combined, labels), (double) truePositives / positives,
        (double) trueNegatives / (labels.length - positives), labels.length, positives);
  }

  private static double[] combine(double[] imaging, double[] clinical, double imagingWeight) {
    double[] combined = new double[imaging.length];
    for (int i = 0; i < combined.length; i++) {
      combined[i] = imagingWeight * imaging[i] + (1.0 - imagingWeight) * clinical[i];
    }
    return combined;
  }

  private static int[] labels(List<PairedPrediction> rows) {
    return rows.stream().mapToInt(PairedPrediction::label).toArray();
  }

  private static int positives(int[] labels) {
    int positives = 0;
    for (int label : labels) {
      positives += label;
    }
    return positives;
  }
}
