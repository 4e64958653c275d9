package org.pd1response.evaluation.scoring;

import java.util.List;
import java.util.Optional;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.MissingModalityPolicy;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.TimeoutAction;
import org.pd1response.ensemble.decision.CaseState;
import org.pd1response.ensemble.decision.EnsembleDecider;
import org.pd1response.ensemble.decision.ScoreInput;
import org.pd1response.ensemble.model.AcceptedModel;
import org.pd1response.ensemble.model.EnsembleCard;
import org.pd1response.ensemble.model.EnsembleCardLoader;
import org.pd1response.ensemble.model.InvalidEnsembleCardException;
import org.pd1response.storage.RegisteredModel;

/**
 * Combines a case's imaging and clinical probabilities with the ensemble-model library's
 * {@link EnsembleDecider}, the code ensemble-service runs. Both scores give the COMPLETE weighted
 * vote. With one score the decision is the one the service makes once the wait for the missing
 * modality has passed: the single score under {@link TimeoutAction#SINGLE_MODALITY}, no
 * probability under {@link TimeoutAction#INCOMPLETE}.
 */
public final class EnsembleScorer {

  /** Column name of the ensemble probability, as {@code collect} writes it. */
  public static final String COLUMN = "ensemble";

  private static final long DECIDED_AT_MILLIS = 0L;

  private final EnsembleCard card;
  private final EnsembleDecider decider;

  /**
   * Reads the ensemble card and its parameters.
   *
   * @throws InvalidInputException when the card is not a JSON ensemble card or its parameters are invalid
   */
  public EnsembleScorer(RegisteredModel registered, TimeoutAction onMissingModality) {
    try {
      this.card = EnsembleCardLoader.fromRegistered(registered);
    } catch (InvalidEnsembleCardException e) {
      throw new InvalidInputException("ensemble model " + registered.name() + " " + registered.version()
          + " cannot be used: " + e.getMessage(), e);
    }
    // The wait has always passed in batch scoring: every score of a case is known before it is combined.
    this.decider = new EnsembleDecider(card, new MissingModalityPolicy(onMissingModality, 0));
  }

  public ModelRef ref() {
    return card.ref();
  }

  /** Decision threshold of the ensemble, written into the predictions file's header. */
  public double threshold() {
    return card.parameters().threshold();
  }

  /**
   * Checks that the ensemble card accepts a model, because the service leaves out the scores of
   * any other model and batch scoring would then silently differ from it.
   *
   * @throws InvalidInputException naming the accepted models when the card does not accept this one
   */
  public void requireAccepted(Modality modality, ModelRef model) {
    if (card.parameters().accepted(modality, model).isEmpty()) {
      List<String> accepted = card.parameters().acceptedModels().stream()
          .filter(entry -> entry.modality() == modality)
          .map(EnsembleScorer::describe)
          .toList();
      throw new InvalidInputException("ensemble " + card.ref().name() + " " + card.ref().version() + " must accept the "
          + modality + " model, expected one of " + accepted + ", found " + model.name() + " " + model.version());
    }
  }

  /**
   * Returns the ensemble probability of one case, or null when neither score is present or the
   * missing-modality policy gives no probability.
   *
   * @param imaging probability of the imaging model; null when it did not score the case
   * @param clinical probability of the clinical model; null when it did not score the case
   */
  public Double combine(String caseId, Double imaging, ModelRef imagingModel, Double clinical, ModelRef clinicalModel) {
    CaseState state = CaseState.first(caseId, 1, DECIDED_AT_MILLIS);
    if (imaging != null) {
      state = state.withAccepted(Modality.IMAGING,
          new ScoreInput("imaging:" + caseId, imaging, imagingModel, DECIDED_AT_MILLIS, null));
    }
    if (clinical != null) {
      state = state.withAccepted(Modality.CLINICAL,
          new ScoreInput("clinical:" + caseId, clinical, clinicalModel, DECIDED_AT_MILLIS, null));
    }
    if (imaging == null && clinical == null) {
      return null;
    }
    Optional<EnsembleDecider.Decision> decision = decider.decide(state, DECIDED_AT_MILLIS);
    return decision.map(EnsembleDecider.Decision::prediction).map(Prediction::probability).orElse(null);
  }

  private static String describe(AcceptedModel model) {
    return model.name() + " " + model.version();
  }
}
