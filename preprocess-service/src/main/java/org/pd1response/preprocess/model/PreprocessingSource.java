package org.pd1response.preprocess.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.pd1response.contracts.EventJson;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.preprocessing.Preprocessor;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;

/**
 * Supplies the preprocessing of the current imaging model: the {@code preprocessing} object of
 * its card when the registry has a current version of the configured model, otherwise the
 * configured defaults. The current version is looked up again once {@code checkInterval} has
 * passed, so a promoted model takes effect without a restart.
 *
 * <p>A card whose {@code preprocessing} is missing, invalid, or does not hash to its
 * {@code preprocessingHash} makes {@link #current()} throw: tensors made with other parameters
 * would not fit the model, so the events are better dead-lettered and replayed after the card is
 * fixed.
 */
public class PreprocessingSource {

  private static final Logger LOG = Logger.getLogger(PreprocessingSource.class);

  /** The preprocessor in use, the hash of its parameters and their origin. */
  public record Choice(Preprocessor preprocessor, String hash, String origin) {}

  private final ObjectStore store;
  private final ModelRegistry registry;
  private final String modelName;
  private final java.time.Duration checkInterval;
  private final ImageLimits limits;
  private final Choice defaults;
  private final Clock clock;

  private Choice choice;
  private Optional<String> version = Optional.empty();
  private Instant checkedAt = Instant.MIN;

  public PreprocessingSource(ObjectStore store, ModelRegistry registry, String modelName,
      java.time.Duration checkInterval, PreprocessingParameters defaults, ImageLimits limits, Clock clock) {
    this.store = store;
    this.registry = registry;
    this.modelName = modelName;
    this.checkInterval = checkInterval;
    this.limits = limits;
    this.clock = clock;
    this.defaults = new Choice(new Preprocessor(defaults, limits), defaults.sha256(), "configured defaults");
  }

  /**
   * Returns the preprocessing to use now.
   *
   * @throws InvalidModelCardException when the current model's card has no usable preprocessing
   */
  public synchronized Choice current() {
    Instant now = clock.instant();
    if (choice != null && now.isBefore(checkedAt.plus(checkInterval))) {
      return choice;
    }
    Optional<String> latest = registry.currentVersion(modelName);
    checkedAt = now;
    if (choice != null && latest.equals(version)) {
      return choice;
    }
    Choice next = latest.map(this::fromCard).orElse(defaults);
    version = latest;
    choice = next;
    LOG.infof("Preprocessing from %s: hash %s, overlay %s, %dx%d crop", next.origin(), next.hash(),
        next.preprocessor().parameters().overlayMode(), next.preprocessor().parameters().cropSize(),
        next.preprocessor().parameters().cropSize());
    return next;
  }

  private Choice fromCard(String modelVersion) {
    String where = "card of imaging model " + modelName + " " + modelVersion;
    JsonNode card;
    try {
      card = EventJson.mapper().readTree(store.get(Bucket.DERIVED, ObjectKeys.modelCard(modelName, modelVersion)).content());
    } catch (IOException e) {
      throw new InvalidModelCardException(where + " is not valid JSON: " + e.getMessage());
    }
    JsonNode section = card.get("preprocessing");
    JsonNode declared = card.get("preprocessingHash");
    if (section == null || !section.isObject() || declared == null || !declared.isTextual()) {
      throw new InvalidModelCardException(where + " must have a preprocessing object and a preprocessingHash, found "
          + (section == null ? "no preprocessing" : "preprocessing " + section.getNodeType()) + " and "
          + (declared == null ? "no preprocessingHash" : "preprocessingHash " + declared.getNodeType()));
    }
    PreprocessingParameters parameters;
    try {
      parameters = PreprocessingParameters.fromJson(section);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelCardException(where + ": " + e.getMessage());
    }
    String actual = parameters.sha256();
    if (!actual.equals(declared.asText())) {
      throw new InvalidModelCardException(where + ": preprocessingHash must be the SHA-256 of the canonical "
          + "preprocessing JSON " + actual + ", found " + declared.asText());
    }
    return new Choice(new Preprocessor(parameters, limits), actual, "imaging model " + modelName + " " + modelVersion);
  }
}
