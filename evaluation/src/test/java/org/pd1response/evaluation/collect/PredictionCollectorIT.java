package org.pd1response.evaluation.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.ModalityScore;
import org.pd1response.contracts.events.Prediction.PredictionLabel;
import org.pd1response.contracts.events.Prediction.PredictionStatus;
import org.pd1response.contracts.events.Prediction.Weights;
import org.pd1response.evaluation.cli.EvaluationCommand;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.SharedInfrastructure;

/** Collects predictions from the real broker of test-support through the command line. */
class PredictionCollectorIT {

  static final String KEY = "collector-test-key-with-at-least-32-bytes";
  static final Instant DECIDED = Instant.parse("2026-12-01T10:00:00Z");
  static final ModelRef IMAGING_MODEL = new ModelRef("imaging-cnn", "1", "a".repeat(64));
  static final ModelRef CLINICAL_MODEL = new ModelRef("clinical-lr", "1", "b".repeat(64));
  static final ModelRef ENSEMBLE_MODEL = new ModelRef("ensemble", "1", "c".repeat(64));
  static final double ENSEMBLE_THRESHOLD = 0.6;

  static String bootstrapServers;
  static String revisedCase;
  static String clinicalOnlyCase;
  static String incompleteCase;
  static String unscoredCase;
  static String outsideCase;
  static String laterThresholdCase;

  @BeforeAll
  static void publishPredictions() {
    bootstrapServers = SharedInfrastructure.get().kafkaBootstrapServers();
    CaseIds ids = CaseIds.withKey(KEY);
    String cohort = "collector-" + UUID.randomUUID();
    revisedCase = ids.forResearchImage(cohort, "revised");
    clinicalOnlyCase = ids.forResearchImage(cohort, "clinical-only");
    incompleteCase = ids.forResearchImage(cohort, "incomplete");
    unscoredCase = ids.forResearchImage(cohort, "unscored");
    outsideCase = ids.forResearchImage(cohort, "outside");
    laterThresholdCase = ids.forResearchImage(cohort, "later-threshold");
    try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
      kafka.send(Topics.PREDICTIONS, event(complete(revisedCase, 1, 1, 0.10, 0.30)));
      kafka.send(Topics.PREDICTIONS, event(complete(revisedCase, 2, 1, 0.70, 0.90)));
      // A higher sequence of an older revision arrives last and must not win over revision 2.
      kafka.send(Topics.PREDICTIONS, event(complete(revisedCase, 1, 2, 0.20, 0.40)));
      kafka.send(Topics.PREDICTIONS, event(clinicalOnly(clinicalOnlyCase, 0.35)));
      kafka.send(Topics.PREDICTIONS, event(incomplete(incompleteCase)));
      kafka.send(Topics.PREDICTIONS, event(complete(outsideCase, 1, 1, 0.5, 0.5)));
      kafka.send(Topics.PREDICTIONS, event(withThreshold(complete(laterThresholdCase, 1, 1, 0.5, 0.5), 0.7)));
      kafka.sendRaw(Topics.PREDICTIONS, revisedCase, "not an event".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }
  }

  @Test
  void collectsLatestPredictionPerCase(@TempDir Path folder) throws Exception {
    // given a cohort file with labels, a subgroup column and one case the pipeline never scored
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, String.join("\n",
        "case_id,label,split",
        revisedCase + ",1,test",
        clinicalOnlyCase + ",0,test",
        incompleteCase + ",,validation",
        unscoredCase + ",0,validation") + "\n");
    Path out = folder.resolve("predictions.csv");

    // when the collect command reads the predictions topic
    int status = EvaluationCommand.commandLine().execute("collect", "--bootstrap-servers", bootstrapServers,
        "--cases", cases.toString(), "--cohort", "external", "--subgroups", "split", "--imaging-threshold", "0.4",
        "--timeout", "PT30S", "--out", out.toString());

    // then every cohort case appears once, with the prediction of its latest revision and sequence
    assertEquals(0, status, "exit status of collect");
    PredictionTable table = PredictionsCsv.read(out);
    assertEquals(List.of("imaging", "clinical", "ensemble"), table.models().stream().map(m -> m.name()).toList());
    assertEquals(0.4, table.model("imaging").threshold());
    assertEquals(0.5, table.model("clinical").threshold());
    assertEquals(ENSEMBLE_THRESHOLD, table.model("ensemble").threshold(), "threshold carried by the events");
    assertEquals(List.of("split"), table.subgroupNames());
    Map<String, PredictionRow> rows = table.rows().stream().collect(Collectors.toMap(PredictionRow::caseId, Function.identity()));
    assertEquals(4, rows.size(), "cohort cases, without the predicted case outside the cohort");
    assertFalse(rows.containsKey(outsideCase));

    PredictionRow revised = rows.get(revisedCase);
    assertEquals("external", revised.cohort());
    assertEquals(1, revised.label());
    assertEquals("test", revised.subgroups().get("split"));
    assertEquals(0.70, revised.probabilities().get("imaging"));
    assertEquals(0.90, revised.probabilities().get("clinical"));
    assertEquals(0.80, revised.probabilities().get("ensemble"), 1e-12);

    PredictionRow clinicalOnly = rows.get(clinicalOnlyCase);
    assertNull(clinicalOnly.probabilities().get("imaging"), "no imaging score in a clinical-only prediction");
    assertEquals(0.35, clinicalOnly.probabilities().get("clinical"));
    assertEquals(0.35, clinicalOnly.probabilities().get("ensemble"));

    assertTrue(rows.get(incompleteCase).probabilities().isEmpty(), "an incomplete prediction has no probability");
    assertNull(rows.get(incompleteCase).label(), "unknown label stays empty");
    assertTrue(rows.get(unscoredCase).probabilities().isEmpty(), "a case without prediction has no probability");
  }

  @Test
  void collectorCountsInvalidRecords() {
    // given the topic with one record that is not a prediction event
    PredictionCollector collector = new PredictionCollector(new PredictionCollector.Settings(
        bootstrapServers, Topics.PREDICTIONS, 0.5, 0.5, null, java.time.Duration.ofSeconds(30)));

    // when the collector reads it for a one-case cohort
    PredictionCollector.Collection collection = collector.collect(
        Map.of(revisedCase, new CaseLabels.CaseInfo("external", 1, Map.of())), List.of());

    // then the invalid record is skipped and counted, and the case still gets its prediction
    assertTrue(collection.invalidRecords() >= 1, "invalid records counted: " + collection.invalidRecords());
    assertTrue(collection.recordsRead() >= 8, "records read: " + collection.recordsRead());
    assertEquals(0.80, collection.table().rows().get(0).probabilities().get("ensemble"), 1e-12);
    assertEquals(0, collection.casesWithoutPrediction());
  }

  @Test
  void collectRejectsUnknownTopic(@TempDir Path folder) throws Exception {
    // given a topic that does not exist
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, "case_id,label\n" + revisedCase + ",1\n");
    java.io.StringWriter err = new java.io.StringWriter();
    var commandLine = EvaluationCommand.commandLine();
    commandLine.setErr(new java.io.PrintWriter(err));

    // when collect reads it
    int status = commandLine.execute("collect", "--bootstrap-servers", bootstrapServers, "--topic", "no-such-topic",
        "--cases", cases.toString(), "--cohort", "external", "--timeout", "PT5S", "--out", folder.resolve("p.csv").toString());

    // then it fails with a message naming the topic
    assertEquals(1, status);
    assertTrue(err.toString().contains("no-such-topic"), err.toString());
  }

  @Test
  void collectRejectsMixedEnsembleThresholds(@TempDir Path folder) throws Exception {
    // given two cohort cases whose predictions carry ensemble thresholds 0.6 and 0.7
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, "case_id,label\n" + revisedCase + ",1\n" + laterThresholdCase + ",0\n");
    java.io.StringWriter err = new java.io.StringWriter();
    var commandLine = EvaluationCommand.commandLine();
    commandLine.setErr(new java.io.PrintWriter(err));
    Path out = folder.resolve("p.csv");

    // when collect runs without --ensemble-threshold, and then with it
    int withoutThreshold = commandLine.execute("collect", "--bootstrap-servers", bootstrapServers, "--cases", cases.toString(),
        "--cohort", "external", "--out", out.toString());
    int withThreshold = EvaluationCommand.commandLine().execute("collect", "--bootstrap-servers", bootstrapServers,
        "--cases", cases.toString(), "--cohort", "external", "--ensemble-threshold", "0.65", "--out", out.toString());

    // then the first run names both thresholds and the option, and the second uses the chosen one
    assertEquals(1, withoutThreshold);
    assertTrue(err.toString().contains("different ensemble thresholds [0.6, 0.7]; choose one with --ensemble-threshold"),
        err.toString());
    assertEquals(0, withThreshold);
    assertEquals(0.65, PredictionsCsv.read(out).model("ensemble").threshold());
  }

  private static Prediction withThreshold(Prediction p, double threshold) {
    return new Prediction(p.schemaVersion(), p.caseId(), p.revision(), p.predictionSequence(), p.status(), p.imaging(),
        p.clinical(), p.weights(), p.probability(), p.label(), threshold, p.heatMapKey(), p.modalitiesPresent(),
        p.ensembleModel(), p.decidedAt(), p.missingModalityPolicy(), p.flags());
  }

  private static EventEnvelope<Prediction> event(Prediction prediction) {
    return EventEnvelope.of(EventIds.of(prediction.caseId(), prediction.revision(), Stage.ENSEMBLE,
            "seq-" + prediction.predictionSequence()), EventType.PREDICTION, Stage.ENSEMBLE, prediction.caseId(), prediction,
        DECIDED);
  }

  private static Prediction complete(String caseId, int revision, int sequence, double imaging, double clinical) {
    double probability = 0.5 * imaging + 0.5 * clinical;
    return new Prediction(1, caseId, revision, sequence, PredictionStatus.COMPLETE,
        new ModalityScore(imaging, IMAGING_MODEL, DECIDED), new ModalityScore(clinical, CLINICAL_MODEL, DECIDED),
        new Weights(0.5, 0.5), probability, probability >= ENSEMBLE_THRESHOLD ? PredictionLabel.RESPONDER : PredictionLabel.NON_RESPONDER,
        ENSEMBLE_THRESHOLD, null, List.of(Modality.IMAGING, Modality.CLINICAL), ENSEMBLE_MODEL, DECIDED, null, null);
  }

  private static Prediction clinicalOnly(String caseId, double clinical) {
    return new Prediction(1, caseId, 1, 1, PredictionStatus.SINGLE_MODALITY, null,
        new ModalityScore(clinical, CLINICAL_MODEL, DECIDED), new Weights(0.5, 0.5), clinical, PredictionLabel.NON_RESPONDER,
        ENSEMBLE_THRESHOLD, null, List.of(Modality.CLINICAL), ENSEMBLE_MODEL, DECIDED, null, null);
  }

  private static Prediction incomplete(String caseId) {
    return new Prediction(1, caseId, 1, 1, PredictionStatus.INCOMPLETE, null, null, new Weights(0.5, 0.5), null, null,
        ENSEMBLE_THRESHOLD, null, List.of(), ENSEMBLE_MODEL, DECIDED, null, null);
  }
}
