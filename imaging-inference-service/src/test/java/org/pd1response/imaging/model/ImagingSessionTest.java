package org.pd1response.imaging.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.imaging.HeatMaps;
import org.pd1response.imaging.TestModels;
import org.pd1response.imaging.config.CudaFailurePolicy;
import org.pd1response.imaging.config.ExecutionProvider;

/** The session against PyTorch reference outputs of the same model and tensors. */
class ImagingSessionTest {

  static final double SCORE_TOLERANCE = 1e-5;
  static final double MIN_CORRELATION = 0.99;
  static final ExecutionSettings CPU = new ExecutionSettings(ExecutionProvider.CPU, CudaFailurePolicy.FAIL, 0, 2, 1,
      false);

  @Test
  void batchScoresAndGradCamMatchPyTorch() throws Exception {
    TestModels.Generated model = TestModels.version(TestModels.FIRST_VERSION);
    ImagingModelCard card = ImagingModelCard.parse(model.card());
    List<float[]> tensors = new ArrayList<>();
    for (TestModels.ReferenceCase reference : model.cases()) {
      tensors.add(HeatMaps.read(reference.tensorFile(), card.imageShape()));
    }

    try (ImagingSession session = open(model, card)) {
      ImagingSession.BatchOutput output = session.score(tensors, true);

      int[] maps = session.featureMapShape();
      for (int i = 0; i < tensors.size(); i++) {
        TestModels.ReferenceCase reference = model.cases().get(i);
        assertEquals(reference.probability(), output.positiveProbabilities()[i], SCORE_TOLERANCE, reference.imageId());
        float[] low = output.heatMaps()[i];
        float[] upsampled = GradCam.upsample(low, maps[1], maps[2], HeatMaps.SIZE, HeatMaps.SIZE);
        float[] expected = HeatMaps.read(reference.heatMapFile(), HeatMaps.SIZE, HeatMaps.SIZE);
        double correlation = HeatMaps.correlation(upsampled, expected);
        assertTrue(correlation > MIN_CORRELATION, reference.imageId() + " correlation " + correlation);
      }
    }
  }

  @Test
  void singleImageScoresEqualBatchScores() throws Exception {
    TestModels.Generated model = TestModels.version(TestModels.FIRST_VERSION);
    ImagingModelCard card = ImagingModelCard.parse(model.card());
    float[] first = HeatMaps.read(model.cases().get(0).tensorFile(), card.imageShape());
    float[] second = HeatMaps.read(model.cases().get(1).tensorFile(), card.imageShape());

    try (ImagingSession session = open(model, card)) {
      float batch = session.score(List.of(first, second), false).positiveProbabilities()[1];
      float single = session.score(List.of(second), false).positiveProbabilities()[0];

      assertEquals(batch, single, SCORE_TOLERANCE);
    }
  }

  @Test
  void rejectsInputNameMismatch() throws Exception {
    TestModels.Generated model = TestModels.version(TestModels.FIRST_VERSION);
    ObjectNode json = model.card().deepCopy();
    ((ObjectNode) json.get("input")).put("name", "pixels");
    ImagingModelCard card = ImagingModelCard.parse(json);

    InvalidModelException e = assertThrows(InvalidModelException.class, () -> open(model, card).close());

    assertTrue(e.getMessage().contains("must have the one input 'pixels' named in its card, found [input]"),
        e.getMessage());
  }

  @Test
  void rejectsFeatureMapShapeMismatch() throws Exception {
    TestModels.Generated model = TestModels.version(TestModels.FIRST_VERSION);
    ObjectNode json = model.card().deepCopy();
    var shape = (com.fasterxml.jackson.databind.node.ArrayNode) json.at("/outputs/featureMaps/shape");
    shape.set(2, 14);
    ImagingModelCard card = ImagingModelCard.parse(json);

    InvalidModelException e = assertThrows(InvalidModelException.class, () -> open(model, card).close());

    assertTrue(e.getMessage().contains("output feature_maps of model imaging-cnn 1.0.0 must have shape [-1, 64, 14, 28]"),
        e.getMessage());
  }

  private static ImagingSession open(TestModels.Generated model, ImagingModelCard card) throws Exception {
    ModelRef ref = new ModelRef(model.name(), model.version(), model.card().get("sha256").asText());
    return ImagingSession.open(OrtEnvironment.getEnvironment(), Files.readAllBytes(model.modelFile()), card, ref, CPU, 1);
  }
}
