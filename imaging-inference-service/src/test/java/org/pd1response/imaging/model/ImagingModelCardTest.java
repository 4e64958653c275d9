package org.pd1response.imaging.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.EventJson;

class ImagingModelCardTest {

  static final String HASH = "ab".repeat(32);
  static final String CARD = """
      {"schemaVersion": 1, "name": "imaging-cnn", "version": "3", "kind": "IMAGING", "format": "ONNX",
       "modelFile": "m.onnx", "sha256": "%s", "createdAt": "2026-01-01T00:00:00Z",
       "architecture": "gapnet", "positiveClassIndex": 1, "threshold": 0.4,
       "input": {"name": "input", "shape": [-1, 3, 224, 224], "dtype": "float32"},
       "outputs": {"probabilities": {"name": "probabilities", "shape": [-1, 2]},
                   "featureMaps": {"name": "feature_maps", "shape": [-1, 64, 7, 7]},
                   "classifierWeights": {"name": "classifier_weights", "shape": [2, 64]}},
       "preprocessingHash": "%s"}
      """.formatted(HASH, HASH);

  @Test
  void parsesImagingSections() throws Exception {
    ImagingModelCard card = ImagingModelCard.parse(EventJson.mapper().readTree(CARD));

    assertEquals("input", card.inputName());
    assertArrayEquals(new int[] {3, 224, 224}, card.imageShape());
    assertEquals("feature_maps", card.featureMapsName());
    assertArrayEquals(new long[] {-1, 64, 7, 7}, card.featureMapsShape());
    assertEquals(0.4, card.threshold());
    assertEquals(HASH, card.preprocessingHash());
  }

  @Test
  void rejectsWeightsThatDoNotMatchChannels() throws Exception {
    ObjectNode json = (ObjectNode) EventJson.mapper().readTree(CARD);
    ArrayNode weights = (ArrayNode) json.at("/outputs/classifierWeights/shape");
    weights.set(1, 32);

    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ImagingModelCard.parse(json));

    assertTrue(e.getMessage().contains("outputs.classifierWeights.shape must be [2, 64]"), e.getMessage());
  }

  @Test
  void listsEveryMissingField() throws Exception {
    ObjectNode json = (ObjectNode) EventJson.mapper().readTree(CARD);
    json.remove("preprocessingHash");
    ((ObjectNode) json.get("input")).remove("name");

    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ImagingModelCard.parse(json));

    assertTrue(e.getMessage().contains("preprocessingHash must be 64 lower-case hex digits, found ''"), e.getMessage());
    assertTrue(e.getMessage().contains("input.name must be a non-empty string"), e.getMessage());
  }

  @Test
  void rejectsClinicalCard() throws Exception {
    JsonNode json = ((ObjectNode) EventJson.mapper().readTree(CARD)).put("kind", "CLINICAL");

    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ImagingModelCard.parse(json));

    assertTrue(e.getMessage().contains("kind must be IMAGING, found 'CLINICAL'"), e.getMessage());
  }
}
