package org.pd1response.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pd1response.clinical.model.ClinicalModel;
import org.pd1response.clinical.model.ClinicalScoringException;
import org.pd1response.clinical.model.Cohort;
import org.pd1response.clinical.model.CohortReader;
import org.pd1response.clinical.model.TrainClinicalModelCommand;
import org.pd1response.clinical.schema.ClinicalSchemas;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.contracts.EventJson;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.storage.Sha256;

/**
 * The three models of the end-to-end test on real input, written into a folder laid out like
 * {@code demo/models} so that {@link DemoModels#publish} can publish them. They are written
 * under the test's target folder and never committed, because the clinical one is fitted on the
 * UCI rows.
 *
 * <ul>
 *   <li>{@code imaging-cnn}: the demo network with a copy of its card whose preprocessing has
 *       {@code roiRequired: false} and the matching {@code preprocessingHash}, so that BUSI normal
 *       images (empty masks) and PACS images without a SEG are scored on the whole image.
 *   <li>{@code clinical}: trained on the UCI HCC rows with the {@code uci-hcc} schema by
 *       clinical-model's own training command, because the demo model reads the
 *       {@code hcc-pd1-baseline} schema and cannot score any UCI record.
 *   <li>{@code ensemble}: the demo weights and threshold, accepting the two versions above.
 * </ul>
 */
final class RealInputModels {

  static final String IMAGING_VERSION = "demo-1-roi-optional";
  static final String CLINICAL_VERSION = "uci-hcc-e2e";
  static final String ENSEMBLE_VERSION = "demo-1-e2e";
  /** Outcome column of the UCI file, left out of the clinical records sent to ingest. */
  static final String UCI_OUTCOME = "survivalTarget";

  private static final long TRAINING_SEED = 20251204L;

  private RealInputModels() {}

  /**
   * Scores every UCI row with the demo clinical model.
   *
   * @return the number of rows it could score; the first rejection's message goes to {@code reasons}
   */
  static int demoModelScorableRows(Path demoModels, Path uciCsv, List<String> reasons) throws IOException {
    ClinicalModel demo = ClinicalModel.fromJson(Files.readAllBytes(demoModels.resolve("clinical/clinical-model.json")));
    Cohort cohort = CohortReader.readCsv(uciCsv, ClinicalSchemas.uciHcc(), UCI_OUTCOME);
    int scorable = 0;
    for (NormalisedRecord record : cohort.records()) {
      try {
        demo.score(record.values());
        scorable++;
      } catch (ClinicalScoringException e) {
        if (reasons.isEmpty()) {
          reasons.add(e.getMessage());
        }
      }
    }
    return scorable;
  }

  /** Writes the three models into {@code folder}, one subfolder each with a {@code card.json}. */
  static void write(Path demoModels, Path uciCsv, Path folder) throws IOException {
    writeImaging(demoModels.resolve("imaging-cnn"), Files.createDirectories(folder.resolve("imaging-cnn")));
    double clinicalThreshold = trainClinical(uciCsv, Files.createDirectories(folder.resolve("clinical")));
    writeEnsemble(demoModels.resolve("ensemble"), Files.createDirectories(folder.resolve("ensemble")), clinicalThreshold);
  }

  private static void writeImaging(Path demo, Path out) throws IOException {
    ObjectNode card = (ObjectNode) EventJson.mapper().readTree(demo.resolve("card.json").toFile());
    PreprocessingParameters parameters = PreprocessingParameters.fromJson(card.get("preprocessing")).withRoiRequired(false);
    card.set("preprocessing", EventJson.mapper().valueToTree(parameters.asMap()));
    card.put("preprocessingHash", parameters.sha256());
    card.put("version", IMAGING_VERSION);
    card.put("description", card.path("description").asText()
        + " Copy for the end-to-end test on real input: roiRequired false, so images without an ROI are scored whole.");
    String modelFile = card.get("modelFile").asText();
    Files.copy(demo.resolve(modelFile), out.resolve(modelFile));
    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("card.json").toFile(), card);
  }

  /**
   * Trains the clinical model with clinical-model's training command.
   *
   * @return the model's decision threshold, which the ensemble card repeats
   */
  private static double trainClinical(Path uciCsv, Path out) throws IOException {
    // One candidate and two repeats keep the training to seconds. The test needs a working model of
    // the uci-hcc schema, not the best one, which the clinical-model docs compare in full.
    TrainClinicalModelCommand.main(new String[] {"--data", uciCsv.toString(), "--out", out.toString(),
        "--schema", "uci-hcc", "--outcome", UCI_OUTCOME, "--name", "clinical", "--version", CLINICAL_VERSION,
        "--candidates", "LOGISTIC_REGRESSION", "--repeats", "2", "--seed", Long.toString(TRAINING_SEED)});
    Files.move(out.resolve(TrainClinicalModelCommand.CARD_FILE), out.resolve("card.json"));
    JsonNode card = EventJson.mapper().readTree(out.resolve("card.json").toFile());
    JsonNode threshold = card.get("threshold");
    if (threshold == null || !threshold.isNumber()) {
      throw new IllegalStateException("trained clinical card must have a numeric threshold, found " + threshold);
    }
    return threshold.asDouble();
  }

  private static void writeEnsemble(Path demo, Path out, double clinicalThreshold) throws IOException {
    ObjectNode card = (ObjectNode) EventJson.mapper().readTree(demo.resolve("card.json").toFile());
    String modelFile = card.get("modelFile").asText();
    ObjectNode parameters = (ObjectNode) EventJson.mapper().readTree(demo.resolve(modelFile).toFile());
    for (JsonNode accepted : (ArrayNode) parameters.get("acceptedModels")) {
      ObjectNode model = (ObjectNode) accepted;
      switch (model.get("modality").asText()) {
        case "IMAGING" -> model.put("version", IMAGING_VERSION);
        case "CLINICAL" -> model.put("version", CLINICAL_VERSION).put("threshold", clinicalThreshold);
        default -> throw new IllegalStateException("demo ensemble accepts an unknown modality: " + model);
      }
    }
    byte[] parameterBytes = EventJson.mapper().writeValueAsBytes(parameters);
    Files.write(out.resolve(modelFile), parameterBytes);
    card.put("version", ENSEMBLE_VERSION);
    card.put("sha256", Sha256.of(parameterBytes));
    card.set("parameters", parameters);
    // The demo card's evidence describes the demo fit with the demo clinical model; none applies here.
    card.remove("evidence");
    card.put("description", "The demo ensemble's weights and threshold, accepting the imaging and clinical "
        + "models of the end-to-end test on real input. Not fitted on these models: plumbing only.");
    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("card.json").toFile(), card);
  }
}
