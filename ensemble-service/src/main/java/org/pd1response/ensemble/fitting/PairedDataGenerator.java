package org.pd1response.ensemble.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates paired validation predictions in which each modality carries its own, independent
 * signal: for a case with label y, each model's latent score is {@code (y - 0.5) * separation + e}
 * with standard normal noise e drawn independently per model, and its probability is the logistic
 * function of the latent score. A model's AUC is then about {@code Phi(separation / sqrt 2)}, and
 * combining both models can beat either, which is what the ensemble fit must show.
 *
 * @param prevalence share of responders, in (0, 1)
 * @param imagingSeparation distance between the class means of the imaging latent score, in noise standard deviations
 * @param clinicalSeparation the same for the clinical latent score
 */
public record PairedDataGenerator(
    int cases, double prevalence, double imagingSeparation, double clinicalSeparation, long seed) {

  public PairedDataGenerator {
    if (cases < 2) {
      throw new IllegalArgumentException("cases must be at least 2, found " + cases);
    }
    if (!(prevalence > 0 && prevalence < 1)) {
      throw new IllegalArgumentException("prevalence must be in (0, 1), found " + prevalence);
    }
    if (!(imagingSeparation >= 0) || !(clinicalSeparation >= 0)) {
      throw new IllegalArgumentException("separations must not be negative, found imaging " + imagingSeparation
          + " and clinical " + clinicalSeparation);
    }
  }

  /** Generates the cases; the same settings and seed always give the same rows. */
  public List<PairedPrediction> generate() {
    Random random = new Random(seed);
    List<PairedPrediction> rows = new ArrayList<>(cases);
    for (int i = 0; i < cases; i++) {
      int label = random.nextDouble() < prevalence ? 1 : 0;
      double centre = label - 0.5;
      double imaging = logistic(centre * imagingSeparation + random.nextGaussian());
      double clinical = logistic(centre * clinicalSeparation + random.nextGaussian());
      rows.add(new PairedPrediction(String.format("synthetic-%05d", i + 1), label, imaging, clinical));
    }
    return rows;
  }

  private static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
