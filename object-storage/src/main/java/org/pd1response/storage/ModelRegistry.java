package org.pd1response.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.ModelCardSchema;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.contracts.events.ModelPublished.ModelKind;
import org.pd1response.contracts.events.ModelPublished.PublishAction;

/**
 * Models in the derived bucket, laid out by {@link ObjectKeys}: per name and version the model
 * file, its card and its SHA-256, plus one {@code current} pointer per name. Versions are
 * immutable: publishing a version again with the same bytes changes nothing, with other bytes it
 * fails. The {@code current} pointer is the only object that is ever overwritten.
 */
public class ModelRegistry {

  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
  private static final String JSON = "application/json";

  private final ObjectStore store;
  private final Clock clock;

  public ModelRegistry(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Validates a locally trained model and its card, uploads both, and optionally makes the version
   * current.
   *
   * @param modelFile the model file; its name must equal the card's {@code modelFile}
   * @param cardFile the model card (JSON)
   * @return the event that announces the publication
   * @throws ModelIntegrityException when the card is invalid or its SHA-256 is not the file's
   */
  public ModelPublished publish(Path modelFile, Path cardFile, boolean makeCurrent) throws IOException {
    byte[] modelBytes = Files.readAllBytes(modelFile);
    JsonNode card = EventJson.mapper().readTree(Files.readAllBytes(cardFile));
    List<String> violations = ModelCardSchema.violations(card);
    if (!violations.isEmpty()) {
      throw new ModelIntegrityException("model card " + cardFile + " is invalid: " + String.join("; ", violations));
    }
    String name = card.get("name").asText();
    String version = card.get("version").asText();
    String fileName = card.get("modelFile").asText();
    if (!fileName.equals(modelFile.getFileName().toString())) {
      throw new ModelIntegrityException(
          "card modelFile must name the model file '" + modelFile.getFileName() + "', found '" + fileName + "'");
    }
    String actual = Sha256.of(modelBytes);
    String declared = card.get("sha256").asText();
    if (!declared.equals(actual)) {
      throw new ModelIntegrityException(
          "card sha256 of " + name + " " + version + " must equal the model file's SHA-256 " + actual + ", found " + declared);
    }

    String modelKey = ObjectKeys.modelFile(name, version, fileName);
    String cardKey = ObjectKeys.modelCard(name, version);
    store.putIfAbsent(Bucket.DERIVED, modelKey, modelBytes, "application/octet-stream");
    store.putIfAbsent(Bucket.DERIVED, cardKey, EventJson.mapper().writeValueAsBytes(card), JSON);
    store.putIfAbsent(Bucket.DERIVED, ObjectKeys.modelSha256(name, version),
        actual.getBytes(StandardCharsets.UTF_8), "text/plain");
    LOG.infof("Published model %s %s (SHA-256 %s)", name, version, actual);

    ModelKind kind = ModelKind.valueOf(card.get("kind").asText());
    if (makeCurrent) {
      writeCurrent(name, version, actual);
    }
    return new ModelPublished(1, name, version, actual, kind, modelKey, cardKey,
        makeCurrent ? PublishAction.PROMOTED : PublishAction.PUBLISHED, makeCurrent, clock.instant());
  }

  /**
   * Makes an already published version the current one of its name.
   *
   * @return the event that announces the promotion
   */
  public ModelPublished promote(String name, String version) {
    RegisteredModel model = load(name, version);
    writeCurrent(name, version, model.sha256());
    return new ModelPublished(1, name, version, model.sha256(), model.kind(),
        ObjectKeys.modelFile(name, version, model.card().get("modelFile").asText()),
        ObjectKeys.modelCard(name, version), PublishAction.PROMOTED, true, clock.instant());
  }

  /** Version the {@code current} pointer names, when the name has one. */
  public Optional<String> currentVersion(String name) {
    String key = ObjectKeys.currentModelPointer(name);
    if (!store.exists(Bucket.DERIVED, key)) {
      return Optional.empty();
    }
    try {
      JsonNode pointer = EventJson.mapper().readTree(store.get(Bucket.DERIVED, key).content());
      return Optional.of(pointer.get("version").asText());
    } catch (IOException e) {
      throw new StorageException("current pointer of model " + name + " is not valid JSON", e);
    }
  }

  /** Loads the current version of a model name. */
  public RegisteredModel loadCurrent(String name) {
    String version = currentVersion(name).orElseThrow(() -> new ObjectNotFoundException(
        "model " + name + " has no current version; publish one with --current or promote one"));
    return load(name, version);
  }

  /**
   * Loads a model version and checks the model bytes against the card's SHA-256 and the recorded
   * SHA-256 object.
   *
   * @throws ModelIntegrityException when any of the three disagree
   */
  public RegisteredModel load(String name, String version) {
    JsonNode card;
    try {
      card = EventJson.mapper().readTree(store.get(Bucket.DERIVED, ObjectKeys.modelCard(name, version)).content());
    } catch (IOException e) {
      throw new ModelIntegrityException("card of model " + name + " " + version + " is not valid JSON: " + e.getMessage());
    }
    List<String> violations = ModelCardSchema.violations(card);
    if (!violations.isEmpty()) {
      throw new ModelIntegrityException("card of model " + name + " " + version + " is invalid: " + violations);
    }
    byte[] modelBytes = store.get(Bucket.DERIVED, ObjectKeys.modelFile(name, version, card.get("modelFile").asText())).content();
    String actual = Sha256.of(modelBytes);
    String declared = card.get("sha256").asText();
    String recorded = new String(store.get(Bucket.DERIVED, ObjectKeys.modelSha256(name, version)).content(), StandardCharsets.UTF_8).strip();
    if (!actual.equals(declared) || !actual.equals(recorded)) {
      throw new ModelIntegrityException("model " + name + " " + version + " failed its SHA-256 check: card "
          + declared + ", recorded " + recorded + ", file " + actual);
    }
    return new RegisteredModel(name, version, ModelKind.valueOf(card.get("kind").asText()), actual, card, modelBytes);
  }

  private void writeCurrent(String name, String version, String sha256) {
    ObjectNode pointer = EventJson.mapper().createObjectNode()
        .put("name", name).put("version", version).put("sha256", sha256).put("updatedAt", clock.instant().toString());
    try {
      store.put(Bucket.DERIVED, ObjectKeys.currentModelPointer(name), EventJson.mapper().writeValueAsBytes(pointer), JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    LOG.infof("Model %s now points to version %s", name, version);
  }
}
