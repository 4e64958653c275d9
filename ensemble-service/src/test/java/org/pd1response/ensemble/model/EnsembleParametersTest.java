package org.pd1response.ensemble.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pd1response.ensemble.TestScores.CLINICAL_V1;
import static org.pd1response.ensemble.TestScores.IMAGING_NOT_ACCEPTED;
import static org.pd1response.ensemble.TestScores.IMAGING_V2;
import static org.pd1response.ensemble.TestScores.IMAGING_V2_THRESHOLD;
import static org.pd1response.ensemble.TestScores.PARAMETERS;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.Weights;

class EnsembleParametersTest {

  private static final AcceptedModel IMAGING = new AcceptedModel(Modality.IMAGING, "imaging-cnn", "1.0.0", 0.5);
  private static final AcceptedModel CLINICAL = new AcceptedModel(Modality.CLINICAL, "clinical-lr", "1.0.0", 0.5);

  @Test
  void parametersSurviveJsonRoundTrip() {
    EnsembleParameters parsed = EnsembleParameters.fromJson(PARAMETERS.toJson());

    assertEquals(PARAMETERS, parsed);
  }

  @Test
  void parametersJsonHasSortedKeys() {
    String json = new String(PARAMETERS.toJson(), StandardCharsets.UTF_8);

    assertTrue(json.startsWith("{\"acceptedModels\":[{\"modality\":\"IMAGING\",\"name\":\"imaging-cnn\",\"threshold\":"),
        json);
    assertTrue(json.endsWith("\"weights\":{\"clinical\":0.4,\"imaging\":0.6}}"), json);
  }

  @Test
  void findsAcceptedModelVersion() {
    assertEquals(IMAGING_V2_THRESHOLD, PARAMETERS.accepted(Modality.IMAGING, IMAGING_V2).orElseThrow().threshold());
    assertTrue(PARAMETERS.accepted(Modality.IMAGING, IMAGING_NOT_ACCEPTED).isEmpty());
    assertTrue(PARAMETERS.accepted(Modality.IMAGING, CLINICAL_V1).isEmpty(), "a clinical model is no imaging model");
  }

  @Test
  void rejectsWeightsNotSummingToOne() {
    InvalidEnsembleCardException error = assertThrows(InvalidEnsembleCardException.class,
        () -> new EnsembleParameters(new Weights(0.7, 0.4), 0.5, "YOUDEN_J", List.of(IMAGING, CLINICAL)));

    assertEquals("weights must sum to 1, found 0.7 + 0.4 = 1.1", error.getMessage());
  }

  @Test
  void rejectsThresholdOutsideUnitInterval() {
    InvalidEnsembleCardException error = assertThrows(InvalidEnsembleCardException.class,
        () -> new EnsembleParameters(new Weights(0.5, 0.5), 1.5, "YOUDEN_J", List.of(IMAGING, CLINICAL)));

    assertEquals("threshold must be in [0, 1], found 1.5", error.getMessage());
  }

  @Test
  void rejectsCardWithoutClinicalModel() {
    InvalidEnsembleCardException error = assertThrows(InvalidEnsembleCardException.class,
        () -> new EnsembleParameters(new Weights(0.5, 0.5), 0.5, "YOUDEN_J", List.of(IMAGING)));

    assertEquals("acceptedModels must list at least one CLINICAL model, found none", error.getMessage());
  }

  @Test
  void rejectsParametersThatAreNotJsonObject() {
    InvalidEnsembleCardException error = assertThrows(InvalidEnsembleCardException.class,
        () -> EnsembleParameters.fromJson("[1, 2]".getBytes(StandardCharsets.UTF_8)));

    assertTrue(error.getMessage().startsWith("ensemble parameters are not valid: "), error.getMessage());
  }
}
