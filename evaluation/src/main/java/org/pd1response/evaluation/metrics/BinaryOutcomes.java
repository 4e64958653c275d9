package org.pd1response.evaluation.metrics;

/**
 * Paired predicted probabilities and observed labels (1 positive, 0 negative) of one model on one
 * set of cases, validated once so that every metric can rely on it.
 */
public record BinaryOutcomes(double[] probabilities, int[] labels) {

  public BinaryOutcomes {
    if (probabilities.length != labels.length) {
      throw new IllegalArgumentException("probabilities and labels must have the same length, found "
          + probabilities.length + " and " + labels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label " + i + " must be 0 or 1, found " + labels[i]);
      }
      if (!(probabilities[i] >= 0.0 && probabilities[i] <= 1.0)) {
        throw new IllegalArgumentException("probability " + i + " must be in [0, 1], found " + probabilities[i]);
      }
    }
    probabilities = probabilities.clone();
    labels = labels.clone();
  }

  public int size() {
    return labels.length;
  }

  public int positives() {
    int count = 0;
    for (int label : labels) {
      count += label;
    }
    return count;
  }

  public int negatives() {
    return size() - positives();
  }

  /** Probabilities of the cases whose label equals {@code label}, in input order. */
  public double[] scoresOf(int label) {
    double[] scores = new double[label == 1 ? positives() : negatives()];
    int next = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == label) {
        scores[next++] = probabilities[i];
      }
    }
    return scores;
  }
}
