package org.pd1response.clinical.model;

import java.util.List;

/**
 * Settings of one training run.
 *
 * @param folds folds of the stratified cross-validation
 * @param repeats repetitions of the cross-validation, each with its own fold assignment
 * @param seed seed of every random choice (folds, oversampling, forests, Platt folds)
 * @param candidates classifiers to compare
 */
public record TrainingSettings(int folds, int repeats, long seed, List<Candidate> candidates, Hyperparameters hyperparameters) {

  public TrainingSettings {
    candidates = List.copyOf(candidates);
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be at least 2, found " + folds);
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, found " + repeats);
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must name at least one classifier, found none");
    }
  }

  /** Returns 5-fold cross-validation repeated 10 times over all five candidates, seed 20251204. */
  public static TrainingSettings defaults() {
    return new TrainingSettings(5, 10, 20251204L, List.of(Candidate.values()), Hyperparameters.defaults());
  }
}
