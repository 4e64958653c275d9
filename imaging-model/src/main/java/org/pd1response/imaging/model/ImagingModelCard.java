package org.pd1response.imaging.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The imaging sections of a model card: the input and output names and shapes that the ONNX graph
 * must have, the positive class, and the preprocessing hash that every input tensor must carry.
 * The common card fields (name, version, SHA-256) are checked by the model registry.
 *
 * @param inputShape [-1, 3, height, width]; -1 is the batch dimension
 * @param featureMapsShape [-1, channels, height, width] of the last convolutional feature maps
 * @param classifierWeightsShape [classes, channels] of the linear layer after global average pooling
 */
public record ImagingModelCard(
    String name,
    String version,
    String architecture,
    int positiveClassIndex,
    double threshold,
    String inputName,
    long[] inputShape,
    String probabilitiesName,
    String featureMapsName,
    long[] featureMapsShape,
    String classifierWeightsName,
    long[] classifierWeightsShape,
    String preprocessingHash) {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /**
   * Reads and validates the imaging sections of a card.
   *
   * @throws InvalidModelException listing every missing or invalid field
   */
  public static ImagingModelCard parse(JsonNode card) {
    List<String> violations = new ArrayList<>();
    String kind = card.path("kind").asText();
    if (!"IMAGING".equals(kind)) {
      violations.add("kind must be IMAGING, found '" + kind + "'");
    }
    String format = card.path("format").asText();
    if (!"ONNX".equals(format)) {
      violations.add("format must be ONNX, found '" + format + "'");
    }
    int positive = card.path("positiveClassIndex").asInt(-1);
    if (positive != 1) {
      violations.add("positiveClassIndex must be 1, found " + card.path("positiveClassIndex"));
    }
    JsonNode threshold = card.path("threshold");
    if (!threshold.isNumber() || threshold.asDouble() < 0 || threshold.asDouble() > 1) {
      violations.add("threshold must be a number from 0 to 1, found " + threshold);
    }
    JsonNode input = card.path("input");
    String inputDtype = input.path("dtype").asText();
    if (!"float32".equals(inputDtype)) {
      violations.add("input.dtype must be float32, found '" + inputDtype + "'");
    }
    long[] inputShape = shape(input.path("shape"), "input.shape", 4, violations);
    if (inputShape.length == 4 && (inputShape[0] != -1 || inputShape[1] != 3)) {
      violations.add("input.shape must be [-1, 3, height, width], found " + input.path("shape"));
    }
    JsonNode outputs = card.path("outputs");
    long[] probabilitiesShape = shape(outputs.path("probabilities").path("shape"), "outputs.probabilities.shape", 2, violations);
    if (probabilitiesShape.length == 2 && probabilitiesShape[1] != 2) {
      violations.add("outputs.probabilities.shape must be [-1, 2], found " + outputs.path("probabilities").path("shape"));
    }
    long[] mapsShape = shape(outputs.path("featureMaps").path("shape"), "outputs.featureMaps.shape", 4, violations);
    long[] weightsShape = shape(outputs.path("classifierWeights").path("shape"), "outputs.classifierWeights.shape", 2,
        violations);
    if (mapsShape.length == 4 && weightsShape.length == 2 && (weightsShape[0] != 2 || weightsShape[1] != mapsShape[1])) {
      violations.add("outputs.classifierWeights.shape must be [2, " + mapsShape[1]
          + "] to match the feature-map channels, found " + outputs.path("classifierWeights").path("shape"));
    }
    String hash = card.path("preprocessingHash").asText();
    if (!HASH.matcher(hash).matches()) {
      violations.add("preprocessingHash must be 64 lower-case hex digits, found '" + hash + "'");
    }
    String inputName = text(input, "name", "input.name", violations);
    String probabilitiesName = text(outputs.path("probabilities"), "name", "outputs.probabilities.name", violations);
    String mapsName = text(outputs.path("featureMaps"), "name", "outputs.featureMaps.name", violations);
    String weightsName = text(outputs.path("classifierWeights"), "name", "outputs.classifierWeights.name", violations);
    if (!violations.isEmpty()) {
      throw new InvalidModelException("imaging card of model " + card.path("name").asText() + " "
          + card.path("version").asText() + " is invalid: " + String.join("; ", violations));
    }
    return new ImagingModelCard(card.path("name").asText(), card.path("version").asText(),
        card.path("architecture").asText("unknown"), positive, threshold.asDouble(), inputName, inputShape,
        probabilitiesName, mapsName, mapsShape, weightsName, weightsShape, hash);
  }

  /** Channels, height and width of one input image. */
  public int[] imageShape() {
    return new int[] {(int) inputShape[1], (int) inputShape[2], (int) inputShape[3]};
  }

  private static long[] shape(JsonNode node, String field, int rank, List<String> violations) {
    if (!node.isArray() || node.size() != rank) {
      violations.add(field + " must be an array of " + rank + " integers, found " + node);
      return new long[0];
    }
    long[] shape = new long[rank];
    for (int i = 0; i < rank; i++) {
      JsonNode dimension = node.get(i);
      boolean batch = i == 0 && rank != 2 || field.endsWith("probabilities.shape") && i == 0;
      if (!dimension.isIntegralNumber() || (dimension.asLong() < 1 && !(batch && dimension.asLong() == -1))) {
        violations.add(field + "[" + i + "] must be a positive integer" + (batch ? " or -1" : "") + ", found " + dimension);
      }
      shape[i] = dimension.asLong();
    }
    return shape;
  }

  private static String text(JsonNode parent, String key, String field, List<String> violations) {
    String value = parent.path(key).asText("");
    if (value.isBlank()) {
      violations.add(field + " must be a non-empty string, found " + parent.path(key));
    }
    return value;
  }
}
