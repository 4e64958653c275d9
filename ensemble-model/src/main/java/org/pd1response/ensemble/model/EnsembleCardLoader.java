package org.pd1response.ensemble.model;

import java.util.Optional;
import org.pd1response.contracts.events.ModelPublished.ModelKind;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.RegisteredModel;

/**
 * Reads the ensemble card from the model registry. The registry has already checked the model
 * file against the card's SHA-256; this class checks the kind and format and parses the
 * parameters from the model file, so the weights used are exactly the bytes that were hashed.
 */
public final class EnsembleCardLoader {

  /** Model card {@code format} of an ensemble: the model file is the parameters' JSON. */
  public static final String FORMAT = "JSON";

  private EnsembleCardLoader() {}

  /**
   * Loads a pinned version, or the current version when none is pinned.
   *
   * @throws InvalidEnsembleCardException when the card is not an ensemble card or its parameters are invalid
   */
  public static EnsembleCard load(ModelRegistry registry, String name, Optional<String> version) {
    RegisteredModel model = version.isPresent() ? registry.load(name, version.get()) : registry.loadCurrent(name);
    return fromRegistered(model);
  }

  /** Validates a registered model as an ensemble card. */
  public static EnsembleCard fromRegistered(RegisteredModel model) {
    if (model.kind() != ModelKind.ENSEMBLE) {
      throw new InvalidEnsembleCardException(
          "model " + model.name() + " " + model.version() + " must have kind ENSEMBLE, found " + model.kind());
    }
    String format = model.card().path("format").asText();
    if (!FORMAT.equals(format)) {
      throw new InvalidEnsembleCardException(
          "model " + model.name() + " " + model.version() + " must have format " + FORMAT + ", found " + format);
    }
    return new EnsembleCard(model.ref(), EnsembleParameters.fromJson(model.modelBytes()));
  }
}
