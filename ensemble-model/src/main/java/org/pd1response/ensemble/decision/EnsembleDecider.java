package org.pd1response.ensemble.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.MissingModalityPolicy;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.ModalityScore;
import org.pd1response.contracts.events.Prediction.PredictionFlag;
import org.pd1response.contracts.events.Prediction.PredictionLabel;
import org.pd1response.contracts.events.Prediction.PredictionStatus;
import org.pd1response.contracts.events.Prediction.TimeoutAction;
import org.pd1response.contracts.events.Prediction.Weights;
import org.pd1response.ensemble.model.AcceptedModel;
import org.pd1response.ensemble.model.EnsembleCard;

/**
 * Decides whether a case revision gets a prediction now, and which one.
 *
 * <ol>
 *   <li>Both modalities have an accepted score: a COMPLETE prediction by weighted soft voting, at
 *       the ensemble threshold.
 *   <li>Otherwise, before the wait has passed and before any emission: no prediction yet.
 *   <li>Otherwise the missing-modality policy applies: with {@link TimeoutAction#SINGLE_MODALITY}
 *       and one accepted score, a SINGLE_MODALITY prediction from that score at its model's own
 *       threshold; in every other case an INCOMPLETE prediction without probability or label.
 * </ol>
 *
 * A candidate whose inputs, status and flags equal those of the last emitted prediction is not
 * emitted again. So a duplicate input never produces a second prediction, and a changed input
 * produces a superseding prediction with the next sequence number.
 */
public final class EnsembleDecider {

  private final EnsembleCard card;
  private final MissingModalityPolicy policy;

  public EnsembleDecider(EnsembleCard card, MissingModalityPolicy policy) {
    this.card = card;
    this.policy = policy;
  }

  public MissingModalityPolicy policy() {
    return policy;
  }

  /** Returns whether the wait for a missing modality has passed for this case revision. */
  public boolean waitPassed(CaseState state, long nowMillis) {
    return nowMillis - state.firstReceivedMillis() >= policy.waitMillis();
  }

  /** A prediction to emit together with the signature to store for it. */
  public record Decision(Prediction prediction, String signature) {}

  /**
   * Returns the prediction to emit now, or empty when the case waits or nothing changed since the
   * last emission.
   */
  public Optional<Decision> decide(CaseState state, long nowMillis) {
    ScoreInput imaging = state.imaging();
    ScoreInput clinical = state.clinical();
    List<PredictionFlag> flags = state.notAccepted().isEmpty()
        ? List.of()
        : List.of(PredictionFlag.MODEL_VERSION_NOT_ACCEPTED);
    boolean complete = imaging != null && clinical != null;
    if (!complete && !state.hasEmitted() && !waitPassed(state, nowMillis)) {
      return Optional.empty();
    }

    PredictionStatus status;
    if (complete) {
      status = PredictionStatus.COMPLETE;
    } else if (policy.onTimeout() == TimeoutAction.SINGLE_MODALITY && (imaging != null || clinical != null)) {
      status = PredictionStatus.SINGLE_MODALITY;
    } else {
      status = PredictionStatus.INCOMPLETE;
    }
    String signature = String.join("|", status.name(), eventIdOf(imaging), eventIdOf(clinical), flags.toString());
    if (signature.equals(state.lastSignature())) {
      return Optional.empty();
    }

    Prediction prediction = switch (status) {
      case COMPLETE -> complete(state, flags, nowMillis);
      case SINGLE_MODALITY -> singleModality(state, flags, nowMillis);
      case INCOMPLETE -> incomplete(state, flags, nowMillis);
    };
    return Optional.of(new Decision(prediction, signature));
  }

  private Prediction complete(CaseState state, List<PredictionFlag> flags, long nowMillis) {
    Weights weights = card.parameters().weights();
    double probability = clamp(weights.imaging() * state.imaging().probability()
        + weights.clinical() * state.clinical().probability());
    double threshold = card.parameters().threshold();
    return build(state, PredictionStatus.COMPLETE, state.imaging(), state.clinical(), weights, probability,
        threshold, List.of(Modality.IMAGING, Modality.CLINICAL), flags, nowMillis);
  }

  private Prediction singleModality(CaseState state, List<PredictionFlag> flags, long nowMillis) {
    Modality present = state.imaging() != null ? Modality.IMAGING : Modality.CLINICAL;
    ScoreInput score = state.score(present);
    AcceptedModel model = card.parameters().accepted(present, score.model()).orElseThrow(() ->
        new IllegalStateException("score of " + score.model() + " was stored as accepted but the card does not list it"));
    Weights weights = present == Modality.IMAGING ? new Weights(1.0, 0.0) : new Weights(0.0, 1.0);
    return build(state, PredictionStatus.SINGLE_MODALITY, state.imaging(), state.clinical(), weights,
        score.probability(), model.threshold(), List.of(present), flags, nowMillis);
  }

  private Prediction incomplete(CaseState state, List<PredictionFlag> flags, long nowMillis) {
    List<Modality> present = new ArrayList<>();
    if (state.imaging() != null) {
      present.add(Modality.IMAGING);
    }
    if (state.clinical() != null) {
      present.add(Modality.CLINICAL);
    }
    return build(state, PredictionStatus.INCOMPLETE, state.imaging(), state.clinical(), card.parameters().weights(),
        null, card.parameters().threshold(), present, flags, nowMillis);
  }

  private Prediction build(CaseState state, PredictionStatus status, ScoreInput imaging, ScoreInput clinical,
      Weights weights, Double probability, double threshold, List<Modality> present, List<PredictionFlag> flags,
      long nowMillis) {
    PredictionLabel label = probability == null
        ? null
        : probability >= threshold ? PredictionLabel.RESPONDER : PredictionLabel.NON_RESPONDER;
    return new Prediction(1, state.caseId(), state.revision(), state.lastSequence() + 1, status,
        modalityScore(imaging), modalityScore(clinical), weights, probability, label, threshold,
        imaging == null ? null : imaging.heatMapKey(), present, card.ref(), Instant.ofEpochMilli(nowMillis),
        policy, flags);
  }

  private static ModalityScore modalityScore(ScoreInput score) {
    return score == null
        ? null
        : new ModalityScore(score.probability(), score.model(), Instant.ofEpochMilli(score.receivedAtMillis()));
  }

  private static String eventIdOf(ScoreInput score) {
    return score == null ? "-" : score.eventId();
  }

  // Rounding in the weighted sum can step a hair outside [0, 1], which the prediction schema rejects.
  private static double clamp(double probability) {
    return Math.max(0.0, Math.min(1.0, probability));
  }
}
