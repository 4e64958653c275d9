package org.pd1response.ensemble.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.ModelCardSchema;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.ensemble.model.EnsembleParameters;
import org.pd1response.storage.Sha256;

class FitEnsembleCommandTest {

  @TempDir
  Path folder;

  @Test
  void writesPublishableCardWithEvidence() throws Exception {
    Path validation = folder.resolve("validation.csv");
    Path heldOut = folder.resolve("held-out.csv");
    Path out = folder.resolve("card");
    GeneratePairedDataCommand.main(new String[] {"--out", validation.toString(), "--cases", "300", "--seed", "3"});
    GeneratePairedDataCommand.main(new String[] {"--out", heldOut.toString(), "--cases", "300", "--seed", "4"});

    FitEnsembleCommand.main(new String[] {"--predictions", validation.toString(), "--out", out.toString(),
        "--version", "2026.12.04-1", "--imaging-model", "imaging-cnn:1.0.0", "--clinical-model", "clinical-lr:2.0.0",
        "--clinical-threshold", "0.42", "--held-out", heldOut.toString()});

    byte[] parameterBytes = Files.readAllBytes(out.resolve(FitEnsembleCommand.PARAMETERS_FILE));
    JsonNode card = EventJson.mapper().readTree(out.resolve(FitEnsembleCommand.CARD_FILE).toFile());
    EnsembleParameters parameters = EnsembleParameters.fromJson(parameterBytes);
    assertEquals(List.of(), ModelCardSchema.violations(card));
    assertEquals(Sha256.of(parameterBytes), card.get("sha256").asText());
    assertEquals("ENSEMBLE", card.get("kind").asText());
    assertEquals(Sha256.of(Files.readAllBytes(validation)), card.get("trainingDataSha256").asText());
    assertEquals(EventJson.mapper().readTree(parameterBytes), card.get("parameters"));
    assertEquals(0.42, parameters.accepted(Modality.CLINICAL,
        new ModelRef("clinical-lr", "2.0.0", "0".repeat(64))).orElseThrow().threshold());
    JsonNode evidence = card.get("evidence");
    assertEquals(300, evidence.get("validationCases").asInt());
    assertEquals(parameters.threshold(), evidence.at("/threshold/value").asDouble());
    assertTrue(evidence.at("/validationAuc/ensemble/auc").asDouble() > evidence.at("/validationAuc/imaging/auc").asDouble());
    assertEquals(2, evidence.at("/validationAuc/ensemble/ci95").size());
    assertEquals(300, evidence.at("/heldOut/cases").asInt());
  }
}
