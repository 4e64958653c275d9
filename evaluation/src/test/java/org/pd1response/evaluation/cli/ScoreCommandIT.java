package org.pd1response.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.clinical.model.ClinicalModel;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.ClinicalSchemas;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.evaluation.metrics.BinaryOutcomes;
import org.pd1response.evaluation.metrics.DeLong;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;
import org.pd1response.imaging.config.CudaFailurePolicy;
import org.pd1response.imaging.config.ExecutionProvider;
import org.pd1response.imaging.model.ExecutionSettings;
import org.pd1response.imaging.model.ImagingModelCard;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.imaging.model.NpyArrays;
import org.pd1response.localstack.DemoCohort;
import org.pd1response.preprocessing.cohort.BusiLayout;
import org.pd1response.preprocessing.cohort.BusiTask;
import org.pd1response.preprocessing.cohort.CohortCommand;
import org.pd1response.testsupport.SharedData;
import picocli.CommandLine;

/**
 * Scores a demo cohort made by the project's own generator with the shipped demo models. Each
 * column is checked against the model libraries run directly on the same inputs. The imaging
 * session runs on the tensors that the preprocessing cohort command wrote, the clinical model on
 * the normalised records, and the weighted vote uses the ensemble parameters read as plain JSON.
 */
class ScoreCommandIT {

  static final Path MODELS = Path.of("../demo/models");
  static final Path IMAGING = MODELS.resolve("imaging-cnn");
  static final Path CLINICAL = MODELS.resolve("clinical");
  static final Path ENSEMBLE = MODELS.resolve("ensemble");
  static final int CASES = 12;
  static final long SEED = 20261204L;
  static final String KEY = "score-test-only-pseudonymisation-key-0123456789";

  @TempDir
  static Path work;
  static Path cohort;
  static Path manifest;
  static JsonNode imagingCard;

  @BeforeAll
  static void generateCohort() throws Exception {
    cohort = work.resolve("cohort");
    DemoCohort.generate(cohort, CASES, SEED);
    imagingCard = EventJson.mapper().readTree(IMAGING.resolve("card.json").toFile());
    Path parameters = work.resolve("preprocessing.json");
    Files.write(parameters, EventJson.mapper().writeValueAsBytes(imagingCard.get("preprocessing")));
    Path tensors = work.resolve("tensors");
    CohortCommand.run(Map.of("input", cohort.toString(), "output", tensors.toString(), "layout", "csv",
        "listing", cohort.resolve("cases.csv").toString(), "cohort", "demo", "parameters", parameters.toString(),
        "seed", "7", "threads", "2"), KEY);
    manifest = tensors.resolve("manifest.csv");
  }

  @Test
  void scoresMatchModelLibraries() throws Exception {
    // given the demo cohort's manifest, its clinical records and the three demo models
    Path out = work.resolve("predictions.csv");

    // when the cohort is scored
    Run run = score(demoArguments(manifest, out));

    // then every case has all three probabilities, with the cards' thresholds in the header
    assertEquals(0, run.status(), run.err());
    PredictionTable table = PredictionsCsv.read(out);
    CsvTable cases = CsvTable.read(manifest);
    assertEquals(CASES, cases.rows().size(), "the cohort command keeps every generated case");
    assertEquals(cases.rows().size(), table.rows().size());
    assertEquals(imagingCard.get("threshold").asDouble(), table.model("imaging").threshold());
    ClinicalModel clinical = ClinicalModel.fromJson(Files.readAllBytes(CLINICAL.resolve("clinical-model.json")));
    assertEquals(clinical.threshold(), table.model("clinical").threshold());
    JsonNode ensemble = EventJson.mapper().readTree(ENSEMBLE.resolve("ensemble-parameters.json").toFile());
    assertEquals(ensemble.get("threshold").asDouble(), table.model("ensemble").threshold());

    Map<String, Double> imaging = imagingOnCohortTensors(cases);
    Map<String, Double> clinicalDirect = clinicalOnRecords(clinical);
    double imagingWeight = ensemble.at("/weights/imaging").asDouble();
    double clinicalWeight = ensemble.at("/weights/clinical").asDouble();
    for (int i = 0; i < cases.rows().size(); i++) {
      List<String> entry = cases.rows().get(i);
      PredictionRow row = table.rows().get(i);
      String caseId = entry.get(cases.require("case_id"));
      assertEquals(caseId, row.caseId());
      assertEquals("demo", row.cohort());
      assertEquals(Integer.valueOf(entry.get(cases.require("label"))), row.label());
      assertEquals(entry.get(cases.require("split")), row.subgroups().get("split"));
      assertEquals(imaging.get(caseId), row.probabilities().get("imaging"), 1e-6, caseId + " imaging");
      double clinicalProbability = clinicalDirect.get(entry.get(cases.require("source_file")));
      assertEquals(clinicalProbability, row.probabilities().get("clinical"), 1e-12, caseId + " clinical");
      double vote = imagingWeight * row.probabilities().get("imaging") + clinicalWeight * clinicalProbability;
      assertEquals(vote, row.probabilities().get("ensemble"), 1e-12, caseId + " ensemble");
    }

    // and the demo models separate the generated responders from the non-responders
    assertTrue(auc(table, "imaging") > 0.8, "imaging AUC " + auc(table, "imaging"));
    assertTrue(auc(table, "ensemble") > 0.8, "ensemble AUC " + auc(table, "ensemble"));
  }

  @Test
  void failedCasesAreReportedAndOthersScored() throws Exception {
    // given a cases file with three broken cases: the first names an image file that does not
    // exist, and its clinical record follows the new name. The second has a mask of another size
    // than its image. The third has a clinical record with every value missing.
    CsvTable cases = CsvTable.read(manifest);
    int source = cases.require("source_file");
    int masks = cases.require("mask_files");
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row : cases.rows()) {
      rows.add(new ArrayList<>(row));
    }
    rows.get(0).set(source, "images/missing.png");
    Path smallMask = cohort.resolve("masks/small_mask.png");
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png", smallMask.toFile());
    rows.get(1).set(masks, "masks/small_mask.png");
    Path broken = work.resolve("broken-cases.csv");
    try (var writer = Files.newBufferedWriter(broken, StandardCharsets.UTF_8)) {
      CsvTable.write(writer, cases.header(), rows);
    }
    Path clinical = work.resolve("broken-clinical.csv");
    List<String> clinicalLines = new ArrayList<>(Files.readAllLines(cohort.resolve("clinical.csv")));
    String firstImage = cases.rows().get(0).get(source);
    String thirdImage = rows.get(2).get(source);
    for (int i = 1; i < clinicalLines.size(); i++) {
      if (clinicalLines.get(i).startsWith(firstImage + ",")) {
        clinicalLines.set(i, "images/missing.png" + clinicalLines.get(i).substring(firstImage.length()));
      }
      if (clinicalLines.get(i).startsWith(thirdImage + ",")) {
        int fields = clinicalLines.get(i).split(",", -1).length;
        clinicalLines.set(i, thirdImage + ",".repeat(fields - 2) + "," + rows.get(2).get(cases.require("label")));
      }
    }
    Files.write(clinical, clinicalLines);
    Path out = work.resolve("partial.csv");
    Path failures = work.resolve("failures.csv");
    List<String> arguments = demoArguments(broken, out);
    arguments.set(arguments.indexOf("--clinical") + 1, clinical.toString());
    arguments.addAll(List.of("--failures", failures.toString()));

    // when the cohort is scored
    Run run = score(arguments);

    // then the exit status reports failed cases, and each failure names the case, model and reason
    assertEquals(ScoreCommand.SOME_CASES_FAILED, run.status(), run.err());
    String[] ids = {rows.get(0).get(0), rows.get(1).get(0), rows.get(2).get(0)};
    CsvTable failed = CsvTable.read(failures);
    assertEquals(3, failed.rows().size(), failed.rows().toString());
    assertEquals(List.of(ids[0], "imaging", "MISSING_FILE"), failed.rows().get(0).subList(0, 3));
    assertTrue(failed.rows().get(0).get(3).contains("missing.png"), failed.rows().get(0).get(3));
    assertEquals(List.of(ids[1], "imaging", "MASK_SIZE_MISMATCH"), failed.rows().get(1).subList(0, 3));
    assertTrue(failed.rows().get(1).get(3).contains("40"), failed.rows().get(1).get(3));
    assertEquals(List.of(ids[2], "clinical", "UNSCORABLE_RECORD"), failed.rows().get(2).subList(0, 3));
    assertTrue(run.err().contains("case " + ids[0] + ": imaging model failed with MISSING_FILE"), run.err());

    // and every case still has a row. A failed modality leaves its cell empty, so the ensemble
    // uses the other modality's score, as the service does once its wait has passed.
    PredictionTable table = PredictionsCsv.read(out);
    assertEquals(CASES, table.rows().size());
    Map<String, Double> withoutImage = table.rows().get(0).probabilities();
    assertNull(withoutImage.get("imaging"));
    assertEquals(withoutImage.get("clinical"), withoutImage.get("ensemble"));
    Map<String, Double> withoutClinical = table.rows().get(2).probabilities();
    assertNull(withoutClinical.get("clinical"));
    assertEquals(withoutClinical.get("imaging"), withoutClinical.get("ensemble"));
    for (PredictionRow row : table.rows().subList(3, CASES)) {
      assertEquals(3, row.probabilities().size(), row.caseId());
    }
  }

  @Test
  void rejectsModelWithWrongSha256() throws Exception {
    // given a copy of the clinical model folder whose model file gained one byte after its card was written
    Path tampered = work.resolve("tampered-clinical");
    Files.createDirectories(tampered);
    Files.copy(CLINICAL.resolve("card.json"), tampered.resolve("card.json"));
    byte[] model = Files.readAllBytes(CLINICAL.resolve("clinical-model.json"));
    Files.write(tampered.resolve("clinical-model.json"), (new String(model, StandardCharsets.UTF_8) + " ")
        .getBytes(StandardCharsets.UTF_8));
    String declared = EventJson.mapper().readTree(CLINICAL.resolve("card.json").toFile()).get("sha256").asText();
    Path out = work.resolve("tampered.csv");
    List<String> arguments = demoArguments(manifest, out);
    arguments.set(arguments.indexOf("--clinical-model") + 1, tampered.toString());

    // when the cohort is scored with it
    Run run = score(arguments);

    // then nothing is scored and the error names the model, the declared and the actual hash
    assertEquals(1, run.status());
    assertTrue(run.err().contains("model clinical demo-1 failed its SHA-256 check"), run.err());
    assertTrue(run.err().contains("declares " + declared), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void rejectsUnknownClinicalSchema() throws Exception {
    // given a schema name that no shipped schema has
    Path out = work.resolve("unknown-schema.csv");
    List<String> arguments = demoArguments(manifest, out);
    arguments.addAll(List.of("--clinical-schema", "hcc-unknown"));

    // when the cohort is scored
    Run run = score(arguments);

    // then the error names the option, the value found and the schemas expected
    assertEquals(1, run.status());
    assertTrue(run.err().contains("--clinical-schema: unknown clinical schema 'hcc-unknown': expected uci-hcc or "
        + "hcc-pd1-baseline"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void rejectsEnsembleThatDoesNotAcceptModel() throws Exception {
    // given an imaging model folder whose card names another version than the ensemble accepts
    Path other = work.resolve("imaging-other-version");
    Files.createDirectories(other);
    Files.copy(IMAGING.resolve("model.onnx"), other.resolve("model.onnx"));
    var card = (com.fasterxml.jackson.databind.node.ObjectNode) imagingCard.deepCopy();
    card.put("version", "demo-2");
    Files.write(other.resolve("card.json"), EventJson.mapper().writeValueAsBytes(card));
    List<String> arguments = demoArguments(manifest, work.resolve("other-version.csv"));
    arguments.set(arguments.indexOf("--imaging-model") + 1, other.toString());

    // when the cohort is scored
    Run run = score(arguments);

    // then the error lists the accepted version and the one found
    assertEquals(1, run.status());
    assertTrue(run.err().contains("must accept the IMAGING model, expected one of [imaging-cnn demo-1], found "
        + "imaging-cnn demo-2"), run.err());
  }

  @Test
  void scoresEveryBusiImage() throws Exception {
    // given the real BUSI folder (malignant = 1, benign = 0) and the demo imaging model
    Path busi = SharedData.require().resolve("busi");
    int images = BusiLayout.scan(busi, BusiTask.MALIGNANT_VS_BENIGN).size();
    Path out = work.resolve("busi.csv");

    // when the folder is scored
    Run run = score(List.of("score", "--cases", busi.toString(), "--busi-task", "MALIGNANT_VS_BENIGN",
        "--imaging-model", IMAGING.toString(), "--threads", "2", "--out", out.toString()));

    // then every image has one row with a probability in [0, 1] and its class label
    assertEquals(0, run.status(), run.err());
    PredictionTable table = PredictionsCsv.read(out);
    assertEquals(images, table.rows().size());
    assertEquals(168, table.rows().stream().filter(row -> Integer.valueOf(1).equals(row.label())).count());
    for (PredictionRow row : table.rows()) {
      assertEquals("busi", row.cohort());
      double probability = row.probabilities().get("imaging");
      assertTrue(probability >= 0, row.caseId() + " " + probability);
      assertTrue(probability <= 1, row.caseId() + " " + probability);
    }
  }

  private static List<String> demoArguments(Path cases, Path out) {
    return new ArrayList<>(List.of("score", "--cases", cases.toString(), "--root", cohort.toString(),
        "--cohort", "demo", "--subgroups", "split",
        "--clinical", cohort.resolve("clinical.csv").toString(), "--clinical-key", "image", "--cases-key", "source_file",
        "--clinical-ignore", "label",
        "--imaging-model", IMAGING.toString(), "--clinical-model", CLINICAL.toString(),
        "--ensemble-model", ENSEMBLE.toString(), "--threads", "2", "--out", out.toString()));
  }

  private record Run(int status, String err) {}

  private static Run score(List<String> arguments) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = EvaluationCommand.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    ScoreCommand command = commandLine.getSubcommands().get("score").getCommand();
    command.environment = name -> ScoreCommand.KEY_VARIABLE.equals(name) ? KEY : null;
    int status = commandLine.execute(arguments.toArray(String[]::new));
    return new Run(status, err.toString());
  }

  /** Runs the imaging session directly on the tensors that the cohort command wrote. */
  private static Map<String, Double> imagingOnCohortTensors(CsvTable cases) throws Exception {
    byte[] model = Files.readAllBytes(IMAGING.resolve("model.onnx"));
    ImagingModelCard card = ImagingModelCard.parse(imagingCard);
    ModelRef ref = new ModelRef(card.name(), card.version(), imagingCard.get("sha256").asText());
    ExecutionSettings settings = new ExecutionSettings(ExecutionProvider.CPU, CudaFailurePolicy.FAIL, 0, 2, 1, false);
    Map<String, Double> probabilities = new HashMap<>();
    try (ImagingSession session = ImagingSession.open(OrtEnvironment.getEnvironment(), model, card, ref, settings, 1)) {
      for (List<String> row : cases.rows()) {
        Path tensor = manifest.getParent().resolve(row.get(cases.require("tensor_file")));
        float[] values = NpyArrays.readFloat32(Files.readAllBytes(tensor), card.imageShape());
        probabilities.put(row.get(cases.require("case_id")),
            (double) session.score(List.of(values), false).positiveProbabilities()[0]);
      }
    }
    return probabilities;
  }

  /** Scores the generated clinical records with the clinical model, keyed by image path. */
  private static Map<String, Double> clinicalOnRecords(ClinicalModel model) throws Exception {
    CsvTable records = CsvTable.read(cohort.resolve("clinical.csv"));
    ClinicalNormaliser normaliser = new ClinicalNormaliser(ClinicalSchemas.hccPd1Baseline());
    Map<String, Double> probabilities = new HashMap<>();
    for (List<String> row : records.rows()) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int c = 1; c < records.header().size() - 1; c++) {
        values.put(records.header().get(c), row.get(c));
      }
      probabilities.put(row.get(0), model.score(normaliser.normaliseTexts(values).values()).probability());
    }
    return probabilities;
  }

  private static double auc(PredictionTable table, String model) {
    double[] probabilities = table.rows().stream().mapToDouble(row -> row.probabilities().get(model)).toArray();
    int[] labels = table.rows().stream().mapToInt(PredictionRow::label).toArray();
    return DeLong.analyse(new BinaryOutcomes(probabilities, labels), 0.95).auc();
  }
}
