package org.pd1response.ensemble.model;

import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction.Modality;

/**
 * A model version whose scores the ensemble may combine, with the decision threshold that the
 * model uses on its own (applied to single-modality predictions).
 */
public record AcceptedModel(Modality modality, String name, String version, double threshold) {

  public AcceptedModel {
    if (modality == null) {
      throw new InvalidEnsembleCardException("acceptedModels[].modality must be IMAGING or CLINICAL, found none");
    }
    if (name == null || name.isBlank()) {
      throw new InvalidEnsembleCardException("acceptedModels[].name must name a registry model, found '" + name + "'");
    }
    if (version == null || version.isBlank()) {
      throw new InvalidEnsembleCardException(
          "acceptedModels[].version of " + name + " must name a model version, found '" + version + "'");
    }
    if (!(threshold >= 0.0 && threshold <= 1.0)) {
      throw new InvalidEnsembleCardException(
          "acceptedModels[].threshold of " + name + " " + version + " must be in [0, 1], found " + threshold);
    }
  }

  /** Returns whether a score's model is this accepted version, by name and version without the SHA-256. */
  public boolean matches(Modality scoreModality, ModelRef model) {
    return modality == scoreModality && name.equals(model.name()) && version.equals(model.version());
  }
}
