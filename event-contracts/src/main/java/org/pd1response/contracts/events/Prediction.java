package org.pd1response.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * The final prediction for one case revision. A later prediction for the same revision (a
 * modality arriving after a time-out) carries a higher {@code predictionSequence} and supersedes it.
 *
 * @param probability weighted soft-voting probability of response; null when {@code INCOMPLETE}
 * @param label decision at {@code threshold}; null when {@code INCOMPLETE}
 * @param missingModalityPolicy policy for a missing modality in force at the decision. It is null
 *     in predictions written before this field existed.
 * @param flags conditions the status does not show, such as an input left out because the
 *     ensemble card does not accept its model version. Empty or null when there are none.
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
    Instant decidedAt,
    MissingModalityPolicy missingModalityPolicy,
    List<PredictionFlag> flags) {

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

  /** Prediction the ensemble emits once a case has waited {@code waitMillis} for a missing modality. */
  public enum TimeoutAction {
    SINGLE_MODALITY,
    INCOMPLETE
  }

  /**
   * The missing-modality policy in force when the prediction was made.
   *
   * @param waitMillis how long the ensemble waits for the second modality, in milliseconds
   */
  public record MissingModalityPolicy(TimeoutAction onTimeout, long waitMillis) {}

  /** A condition of the prediction that the status alone does not show. */
  public enum PredictionFlag {
    /** An input came from a model version that the ensemble card does not accept, so it was left out. */
    MODEL_VERSION_NOT_ACCEPTED
  }
}
