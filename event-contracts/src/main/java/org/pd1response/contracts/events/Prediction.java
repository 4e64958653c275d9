package org.pd1response.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * The final prediction for one case revision. A later prediction for the same revision (a
 * modality arriving after a time-out) carries a higher {@code predictionSequence} and supersedes it.
 *
 * @param probability weighted soft-voting probability of response; null when {@code INCOMPLETE}
 * @param label decision at {@code threshold}; null when {@code INCOMPLETE}
 */
public record Prediction(
    int schemaVersion,
    String caseId,
    int revision,
    int predictionSequence,
    PredictionStatus status,
    ModalityScore imaging,
    ModalityScore clinical,
    Weights weights,
    Double probability,
    PredictionLabel label,
    double threshold,
    String heatMapKey,
    List<Modality> modalitiesPresent,
    ModelRef ensembleModel,
    Instant decidedAt) {

  /** Whether both modalities, one, or none contributed. */
  public enum PredictionStatus {
    COMPLETE,
    SINGLE_MODALITY,
    INCOMPLETE
  }

  /** Predicted class. */
  public enum PredictionLabel {
    RESPONDER,
    NON_RESPONDER
  }

  /** Input modality. */
  public enum Modality {
    IMAGING,
    CLINICAL
  }

  /** One modality's input to the vote, with the model that made it and when it arrived. */
  public record ModalityScore(double probability, ModelRef model, Instant receivedAt) {}

  /** Soft-voting weights; they sum to 1. */
  public record Weights(double imaging, double clinical) {}
}
