package org.pd1response.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.events.ModelPublished.ModelKind;
import org.pd1response.storage.RegisteredModel;
import org.pd1response.storage.Sha256;

/**
 * Reads a model from a local folder, such as {@code demo/models/imaging-cnn/}: the card
 * ({@code card.json}, or {@code model-card.json} as the training commands write it) and the model
 * file it names. The model bytes are checked against the card's SHA-256 as the model registry
 * checks them before a service loads a model, so a folder scores only with the model its card
 * describes.
 */
public final class LocalModels {

  /** Card file names, in the order they are looked for. */
  public static final List<String> CARD_FILES = List.of("card.json", "model-card.json");

  private LocalModels() {}

  /**
   * Loads and checks the model of a folder.
   *
   * @param expected kind the card must declare
   * @throws InvalidInputException when the card is missing or invalid, has another kind, names a
   *     model file outside the folder or one that does not exist, or the file's SHA-256 differs
   */
  public static RegisteredModel load(Path folder, ModelKind expected) throws IOException {
    Path cardFile = cardFile(folder);
    JsonNode card;
    try {
      card = EventJson.mapper().readTree(Files.readAllBytes(cardFile));
    } catch (IOException e) {
      throw new InvalidInputException("model card " + cardFile + " is not valid JSON: " + e.getMessage(), e);
    }
    List<String> violations = new ArrayList<>();
    String name = text(card, "name", violations);
    String version = text(card, "version", violations);
    String kind = text(card, "kind", violations);
    String modelFile = text(card, "modelFile", violations);
    String declared = text(card, "sha256", violations);
    if (!violations.isEmpty()) {
      throw new InvalidInputException("model card " + cardFile + " is invalid: " + String.join("; ", violations));
    }
    if (!expected.name().equals(kind)) {
      throw new InvalidInputException("model card " + cardFile + " must have kind " + expected + ", found '" + kind + "'");
    }
    Path model = folder.resolve(modelFile).normalize();
    if (!model.startsWith(folder.normalize()) || modelFile.contains("/") || modelFile.contains("\\")) {
      throw new InvalidInputException("modelFile of " + cardFile + " must be a file name in " + folder + ", found '"
          + modelFile + "'");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(model);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("model file " + model + " named by " + cardFile + " does not exist", e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equalsIgnoreCase(declared)) {
      throw new InvalidInputException("model " + name + " " + version + " failed its SHA-256 check: card " + cardFile
          + " declares " + declared + ", found " + actual + " for " + model);
    }
    return new RegisteredModel(name, version, expected, actual, card, bytes);
  }

  private static Path cardFile(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException("model folder " + folder + " does not exist or is not a folder");
    }
    for (String name : CARD_FILES) {
      Path candidate = folder.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new InvalidInputException("model folder " + folder + " must contain one of " + CARD_FILES + ", found neither");
  }

  private static String text(JsonNode card, String field, List<String> violations) {
    JsonNode value = card.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      violations.add(field + " must be a non-empty string, found " + value);
      return "";
    }
    return value.asText();
  }
}
