package org.pd1response.ensemble.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.Weights;

/**
 * The fitted soft-voting parameters: the probability of response is
 * {@code weights.imaging * p_imaging + weights.clinical * p_clinical}, and the label is RESPONDER
 * when that probability is at least {@code threshold}. Only scores from {@code acceptedModels}
 * are combined, because the weights were fitted on those models' validation predictions.
 *
 * @param thresholdRule how the threshold was chosen, such as {@code YOUDEN_J}
 */
public record EnsembleParameters(
    Weights weights, double threshold, String thresholdRule, List<AcceptedModel> acceptedModels) {

  /** Largest accepted difference between the sum of the weights and 1. */
  public static final double WEIGHT_SUM_TOLERANCE = 1e-6;

  public EnsembleParameters {
    if (weights == null) {
      throw new InvalidEnsembleCardException("weights must be an object with imaging and clinical, found none");
    }
    checkUnit("weights.imaging", weights.imaging());
    checkUnit("weights.clinical", weights.clinical());
    double sum = weights.imaging() + weights.clinical();
    if (Math.abs(sum - 1.0) > WEIGHT_SUM_TOLERANCE) {
      throw new InvalidEnsembleCardException("weights must sum to 1, found " + weights.imaging() + " + "
          + weights.clinical() + " = " + sum);
    }
    checkUnit("threshold", threshold);
    if (thresholdRule == null || thresholdRule.isBlank()) {
      throw new InvalidEnsembleCardException("thresholdRule must name how the threshold was chosen, found none");
    }
    if (acceptedModels == null) {
      throw new InvalidEnsembleCardException("acceptedModels must list at least one model per modality, found none");
    }
    acceptedModels = List.copyOf(acceptedModels);
    Set<String> seen = new HashSet<>();
    for (AcceptedModel model : acceptedModels) {
      if (!seen.add(model.modality() + "|" + model.name() + "|" + model.version())) {
        throw new InvalidEnsembleCardException("acceptedModels must not repeat a model version, found "
            + model.modality() + " " + model.name() + " " + model.version() + " twice");
      }
    }
    for (Modality modality : Modality.values()) {
      if (acceptedModels.stream().noneMatch(model -> model.modality() == modality)) {
        throw new InvalidEnsembleCardException(
            "acceptedModels must list at least one " + modality + " model, found none");
      }
    }
  }

  /** Finds the accepted model entry for a score's modality and model, empty when the card does not accept it. */
  public Optional<AcceptedModel> accepted(Modality modality, ModelRef model) {
    return acceptedModels.stream().filter(entry -> entry.matches(modality, model)).findFirst();
  }

  /**
   * Parses and validates parameters from JSON.
   *
   * @throws InvalidEnsembleCardException when the JSON does not map or a value is out of range
   */
  public static EnsembleParameters fromJson(byte[] json) {
    try {
      EnsembleParameters parameters = EventJson.mapper().readValue(json, EnsembleParameters.class);
      if (parameters == null) {
        throw new InvalidEnsembleCardException("ensemble parameters must be a JSON object, found null");
      }
      return parameters;
    } catch (InvalidEnsembleCardException e) {
      throw e;
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidEnsembleCardException invalid) {
        throw invalid;
      }
      String detail = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
      throw new InvalidEnsembleCardException("ensemble parameters are not valid: " + detail, e);
    }
  }

  /** Serialises the parameters as canonical JSON (keys sorted at every level, no whitespace). */
  public byte[] toJson() {
    try {
      // Converted to maps first, because the mapper sorts map entries by key but keeps record
      // components in declaration order.
      return EventJson.mapper().writeValueAsBytes(EventJson.mapper().convertValue(this, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise ensemble parameters", e);
    }
  }

  private static void checkUnit(String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new InvalidEnsembleCardException(field + " must be in [0, 1], found " + value);
    }
  }
}
