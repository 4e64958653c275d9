package org.pd1response.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.testsupport.Infrastructure;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.OrthancServer;
import org.pd1response.testsupport.SharedData;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * The whole pipeline on real input: the five packaged services against a real broker, S3 server
 * and Orthanc. Every DICOM file of the shared data goes into Orthanc, whose Lua
 * {@code OnStableStudy} callback announces each stable study to ingest's webhook; UCI HCC records
 * follow as EMR messages linked by accession number. Every BUSI image with its masks goes through
 * the research REST path. Each input ends in exactly one final prediction or in a dead letter with
 * a reason, and the test prints the outcomes and the per-stage latencies.
 *
 * <p>Pairings of images with UCI rows are by position only (the n-th input gets row n modulo the
 * row count): plumbing, with no clinical meaning.
 */
class RealInputPipelineIT {

  static final String PACS = "orthanc";
  static final String BUSI_COHORT = "busi";
  static final String UCI_SCHEMA = "uci-hcc";
  static final Duration INGEST_WAIT = Duration.ofSeconds(60);
  static final Duration STATE_WAIT = Duration.ofSeconds(10);
  static final Duration RESEND_PAUSE = Duration.ofMillis(100);
  static final Duration PREDICTION_WAIT = Duration.ofMinutes(6);
  static final Duration QUIET_PERIOD = Duration.ofSeconds(10);
  static final int SUBMISSION_THREADS = 3;

  /** The 34 DICOM files: 5 refused by Orthanc at upload, 29 stored. */
  static final int DICOM_FILES = 34;
  static final int REFUSED_BY_ORTHANC = 5;
  /** Stored files that ingest turns into a case revision (files sharing a study become revisions of one case). */
  static final int PACS_REVISIONS = 22;
  /** Distinct studies among those revisions. */
  static final int PACS_CASES = 11;
  static final Map<String, Integer> INGEST_DEAD_LETTERS = Map.of(
      "NO_USABLE_IMAGE", 3, "RENDER_FAILED", 3, "NOT_ULTRASOUND", 1);
  /** One PACS image is 80 x 60 pixels, below preprocessing's minimum side of 64. */
  static final Map<String, Integer> PREPROCESS_DEAD_LETTERS = Map.of("IMAGE_TOO_SMALL", 1);
  static final int PACS_PREDICTIONS = PACS_REVISIONS - 1;
  /** Studies whose AccessionNumber is not empty; the others are linked by StudyInstanceUID. */
  static final int LINKED_BY_ACCESSION = 2;
  static final int BUSI_IMAGES = 624;

  static final List<String> DEAD_LETTER_TOPICS = List.of(Topics.DLQ_INGEST, Topics.DLQ_PREPROCESS,
      Topics.DLQ_IMAGING_INFERENCE, Topics.DLQ_CLINICAL_INFERENCE, Topics.DLQ_ENSEMBLE);
  static final List<String> DOWNSTREAM_DEAD_LETTER_TOPICS = DEAD_LETTER_TOPICS.subList(1, DEAD_LETTER_TOPICS.size());

  /** Stack state and service logs, kept under target/ so that a failed run can be read afterwards. */
  static final Path STATE = Path.of("target/real-input-stack");

  /** What became of one input (a DICOM file or a BUSI image). */
  record Outcome(String path, String input, String kind, String detail) {}

  /** A case revision the test expects to end in a prediction or a dead letter. */
  record CaseRevision(String caseId, int revision) {}

  /**
   * Counts of the PACS path.
   *
   * @param linkedByAccession EMR records linked by accession number
   * @param resends EMR records sent again after a {@code NO_MATCHING_STUDY} rejection, each of
   *     which left one dead letter of that code
   */
  record PacsRun(int linkedByAccession, int resends) {}

  /** A dead letter and the topic it was read from. */
  record StageDeadLetter(String topic, DeadLetter letter) {}

  @Test
  void everyRealInputReachesOneOutcome() throws Exception {
    Path data = SharedData.require();
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path state = recreate(STATE);
    Path uciCsv = data.resolve("hcc-uci/hcc-data-with-header.csv");
    Instant started = Instant.now();

    // Given: the demo clinical model cannot read uci-hcc records, so the test trains its own.
    List<String> demoRejections = new ArrayList<>();
    int demoScorable = RealInputModels.demoModelScorableRows(root.resolve("demo/models"), uciCsv, demoRejections);
    assertEquals(0, demoScorable, "the demo clinical model scored UCI rows; the test could use it instead");
    Path models = Files.createDirectories(state.resolve("models"));
    RealInputModels.write(root.resolve("demo/models"), uciCsv, models);
    List<Map<String, String>> uciRows = readUciRows(uciCsv);

    Infrastructure infrastructure = SharedInfrastructure.get();
    LocalStack.Endpoints endpoints = new LocalStack.Endpoints(infrastructure.kafkaBootstrapServers(),
        infrastructure.s3Endpoint(), infrastructure.s3AccessKey(), infrastructure.s3SecretKey());
    int firstServicePort = FreePorts.block(5);
    StackLayout layout = new StackLayout(root, state, FreePorts.one(), FreePorts.one(), FreePorts.one(), firstServicePort);
    Files.createDirectories(layout.logs());
    String ingestBase = "http://" + OrthancServer.HOST_ADDRESS + ":" + layout.service("ingest-service").port();

    try (OrthancServer orthanc = OrthancServer.start(stableStudyCallback(ingestBase + "/pacs/" + PACS + "/notifications"));
        LocalStack stack = new LocalStack(layout, endpoints);
        PipelineEvents events = new PipelineEvents(endpoints.kafkaBootstrap(), topics())) {
      // Ingest listens on the JVM's end of Orthanc's veth pair, the one address both can reach.
      stack.putServiceEnvironment("ingest-service", "QUARKUS_HTTP_HOST", OrthancServer.HOST_ADDRESS);
      stack.putServiceEnvironment("ingest-service", "PIPELINE_INGEST_PACS_ORTHANC_DICOMWEB_URL", orthanc.dicomWebUrl());
      DemoModels.publish(models, endpoints).forEach(model ->
          System.out.printf("  model %s %s (%s) published%n", model.modelName(), model.version(), model.kind()));
      stack.startServices();
      Instant servicesReady = Instant.now();
      CaseIds caseIds = CaseIds.withKey(stack.pseudonymisationKey());
      IngestClient ingest = new IngestClient(URI.create(ingestBase));

      // When: every DICOM file goes through Orthanc, then every BUSI image through the research path.
      List<Outcome> outcomes = new ArrayList<>();
      Map<CaseRevision, Outcome> pending = new LinkedHashMap<>();
      Map<CaseRevision, Instant> uploadedAt = new HashMap<>();
      PacsRun pacsRun = sendDicomFiles(data.resolve("dicom-us"), orthanc, events, caseIds, ingest, uciRows,
          outcomes, pending, uploadedAt);
      Instant pacsDone = Instant.now();
      submitBusiImages(data.resolve("busi"), caseIds, ingest, uciRows, outcomes, pending);
      Instant submitted = Instant.now();

      boolean settled = events.awaitState(records -> unresolved(pending.keySet(), records).isEmpty(), PREDICTION_WAIT);
      events.awaitQuiet(QUIET_PERIOD, QUIET_PERIOD.multipliedBy(3));
      List<ConsumerRecord<String, byte[]>> records = events.snapshot();
      assertTrue(settled, unresolvedMessage(pending.keySet(), records) + "; service logs in " + layout.logs());

      // Then: one prediction per case revision, and dead letters with the expected reasons.
      Map<CaseRevision, List<Prediction>> predictions = predictionsByRevision(records);
      for (CaseRevision unexpected : predictions.keySet()) {
        assertTrue(pending.containsKey(unexpected), "prediction for a case revision the test never sent: " + unexpected);
      }
      Map<CaseRevision, StageDeadLetter> downstreamLetters = downstreamDeadLetters(records);
      for (Map.Entry<CaseRevision, Outcome> entry : pending.entrySet()) {
        Outcome input = entry.getValue();
        List<Prediction> forRevision = predictions.getOrDefault(entry.getKey(), List.of());
        StageDeadLetter letter = downstreamLetters.get(entry.getKey());
        if (forRevision.isEmpty()) {
          assertNotNull(letter, "no prediction and no dead letter for " + input.input());
          outcomes.add(new Outcome(input.path(), input.input(), "DEAD_LETTER " + letter.topic(),
              letter.letter().errorCode() + ": " + letter.letter().reason()));
          continue;
        }
        assertEquals(1, forRevision.size(), "predictions for " + input.input() + " (case revision " + entry.getKey() + ")");
        Prediction prediction = forRevision.get(0);
        assertEquals(1, prediction.predictionSequence(), input.input());
        assertEquals(Prediction.PredictionStatus.COMPLETE, prediction.status(), input.input());
        assertNotNull(prediction.imaging(), "imaging score of " + input.input());
        assertNotNull(prediction.clinical(), "clinical score of " + input.input());
        assertEquals(RealInputModels.IMAGING_VERSION, prediction.imaging().model().version(), input.input());
        assertEquals(RealInputModels.CLINICAL_VERSION, prediction.clinical().model().version(), input.input());
        outcomes.add(new Outcome(input.path(), input.input(), "PREDICTION " + prediction.status(), prediction.label().name()));
      }

      Summary summary = new Summary(outcomes, deadLetterCounts(records), StageLatencies.of(records, pending, uploadedAt));
      String report = summary.render(Duration.between(started, servicesReady), Duration.between(servicesReady, pacsDone),
          Duration.between(pacsDone, submitted), Duration.between(started, Instant.now()), pacsRun, demoRejections);
      System.out.println(report);
      Files.writeString(Path.of("target/real-input-summary.txt"), report, StandardCharsets.UTF_8);

      assertEquals(DICOM_FILES, outcomes.stream().filter(o -> o.path().equals("pacs")).count(), report);
      assertEquals(REFUSED_BY_ORTHANC, count(outcomes, "pacs", "REFUSED_BY_PACS"), report);
      assertEquals(PACS_PREDICTIONS, count(outcomes, "pacs", "PREDICTION COMPLETE"), report);
      assertEquals(PACS_CASES, pending.keySet().stream().filter(r -> pending.get(r).path().equals("pacs"))
          .map(CaseRevision::caseId).distinct().count(), report);
      assertEquals(LINKED_BY_ACCESSION, pacsRun.linkedByAccession(), report);
      assertEquals(BUSI_IMAGES, count(outcomes, "research", "PREDICTION COMPLETE"), report);
      assertEquals(BUSI_IMAGES, predictions.keySet().stream().filter(r -> pending.get(r).path().equals("research"))
          .map(CaseRevision::caseId).distinct().count(), report);
      assertEquals(0, pacsRun.resends(), "EMR records rejected with NO_MATCHING_STUDY\n" + report);
      assertEquals(INGEST_DEAD_LETTERS, summary.deadLetters().getOrDefault(Topics.DLQ_INGEST, Map.of()), report);
      assertEquals(PREPROCESS_DEAD_LETTERS, summary.deadLetters().getOrDefault(Topics.DLQ_PREPROCESS, Map.of()), report);
      for (String topic : List.of(Topics.DLQ_IMAGING_INFERENCE, Topics.DLQ_CLINICAL_INFERENCE, Topics.DLQ_ENSEMBLE)) {
        assertEquals(Map.of(), summary.deadLetters().getOrDefault(topic, Map.of()), topic + "\n" + report);
      }
    }
  }

  /** Returns the Lua script that Orthanc runs: it posts each stable study to ingest's webhook. */
  static String stableStudyCallback(String webhook) {
    return """
        function OnStableStudy(studyId, tags, metadata)
          HttpPost('%s',
            '{"studyInstanceUid": "' .. tags['StudyInstanceUID'] .. '", "pacsStudyId": "' .. studyId .. '", "state": "STABLE"}')
        end
        """.formatted(webhook);
  }

  /**
   * Uploads every DICOM file on its own into an emptied Orthanc, because several files share SOP
   * Instance UIDs and Orthanc stores only the first of them. Orthanc's callback does the rest. The
   * test waits for ingest's result (an image-ingested event or a dead letter) before the next file.
   * Once the case revision exists, it sends the paired UCI record as an EMR message.
   *
   * @return how the EMR records were linked and how often one was sent again
   */
  private static PacsRun sendDicomFiles(Path folder, OrthancServer orthanc, PipelineEvents events, CaseIds caseIds,
      IngestClient ingest, List<Map<String, String>> uciRows, List<Outcome> outcomes,
      Map<CaseRevision, Outcome> pending, Map<CaseRevision, Instant> uploadedAt) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(path -> path.toString().endsWith(".dcm")).sorted().toList();
    }
    int linkedByAccession = 0;
    int resends = 0;
    for (Path file : files) {
      String name = folder.relativize(file).toString();
      orthanc.deleteAll();
      int from = events.size();
      Instant uploadTime = Instant.now();
      OrthancServer.Upload upload = orthanc.upload(Files.readAllBytes(file));
      if (!upload.stored()) {
        outcomes.add(new Outcome("pacs", name, "REFUSED_BY_PACS", "HTTP " + upload.status() + " "
            + upload.body().path("Message").asText(upload.body().path("Status").asText(""))));
        continue;
      }
      JsonNode study = orthanc.json("/studies/" + upload.body().path("ParentStudy").asText());
      String studyUid = study.path("MainDicomTags").path("StudyInstanceUID").asText();
      String accession = study.path("MainDicomTags").path("AccessionNumber").asText("").strip();
      String caseId = caseIds.forStudy(PACS, studyUid);

      Optional<ConsumerRecord<String, byte[]>> result = events.await(from, record ->
          (record.topic().equals(Topics.IMAGE_INGESTED) && caseId.equals(record.key()))
              || (record.topic().equals(Topics.DLQ_INGEST) && studyUid.equals(record.key())), INGEST_WAIT);
      if (result.isEmpty()) {
        fail("ingest neither ingested nor dead-lettered " + name + " within " + INGEST_WAIT.toSeconds()
            + " s of its upload; is Orthanc's OnStableStudy callback reaching " + PACS + "'s webhook?");
      }
      ConsumerRecord<String, byte[]> record = result.get();
      if (record.topic().equals(Topics.DLQ_INGEST)) {
        DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, record).payload();
        outcomes.add(new Outcome("pacs", name, "DEAD_LETTER " + Topics.DLQ_INGEST, letter.errorCode() + ": " + letter.reason()));
        assertTrue(orthanc.isAlive(), "Orthanc stopped while ingest handled " + name);
        continue;
      }
      ImageIngested image = KafkaTestClient.<ImageIngested>decode(EventType.IMAGE_INGESTED, record).payload();
      CaseRevision revision = new CaseRevision(caseId, image.revision());
      Map<String, String> row = uciRows.get(pending.size() % uciRows.size());
      ObjectNode message = emrMessage(name, pending.size(), row);
      if (accession.isEmpty()) {
        message.put("studyInstanceUid", studyUid);
      } else {
        message.put("accessionNumber", accession);
        linkedByAccession++;
      }
      // The record goes out as soon as the image-ingested event is read, because ingest records the
      // pending revision and the study's link index before it sends that event.
      List<String> rejections = new ArrayList<>();
      assertEquals(caseId, submitWithResend(ingest, message, rejections), "case the UCI record of " + name + " was linked to");
      resends += rejections.size();
      pending.put(revision, new Outcome("pacs", name, "CASE", "revision " + image.revision()));
      uploadedAt.put(revision, uploadTime);
    }
    orthanc.deleteAll();
    return new PacsRun(linkedByAccession, resends);
  }

  /**
   * Sends an EMR record, and sends it again while ingest has not yet indexed the study it links to.
   * Each rejection's message is added to {@code rejections}.
   */
  private static String submitWithResend(IngestClient ingest, ObjectNode message, List<String> rejections)
      throws Exception {
    Instant deadline = Instant.now().plus(STATE_WAIT);
    while (true) {
      try {
        return ingest.submitEmrRecord(message);
      } catch (IngestClient.RejectedSubmissionException e) {
        if (!e.getMessage().contains("NO_MATCHING_STUDY") || Instant.now().isAfter(deadline)) {
          throw e;
        }
        rejections.add(e.getMessage());
        Thread.sleep(RESEND_PAUSE.toMillis());
      }
    }
  }

  /** Builds an EMR message that carries one UCI row; the caller adds the field that links it to a study. */
  private static ObjectNode emrMessage(String file, int index, Map<String, String> row) {
    ObjectNode message = EventJson.mapper().createObjectNode();
    message.put("messageId", "uci-e2e-" + index);
    message.put("sourcePacs", PACS);
    message.put("schema", UCI_SCHEMA);
    ArrayNode values = message.putArray("values");
    row.forEach((name, value) -> values.addObject().put("name", name).put("value", value));
    return message;
  }

  /**
   * Submits every BUSI image with all of its mask files and its paired UCI row, a few at a time,
   * as a research team's script would.
   */
  private static void submitBusiImages(Path busi, CaseIds caseIds, IngestClient ingest, List<Map<String, String>> uciRows,
      List<Outcome> outcomes, Map<CaseRevision, Outcome> pending) throws Exception {
    List<IngestClient.ResearchCase> submissions = new ArrayList<>();
    for (String label : List.of("benign", "malignant", "normal")) {
      Map<String, List<Path>> masks = masksByImage(busi.resolve(label).resolve("masks"));
      try (Stream<Path> images = Files.list(busi.resolve(label).resolve("images"))) {
        for (Path image : images.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
          String baseName = image.getFileName().toString().replaceFirst("\\.png$", "");
          String imageId = label + "/images/" + baseName;
          Map<String, String> row = uciRows.get(submissions.size() % uciRows.size());
          submissions.add(new IngestClient.ResearchCase(BUSI_COHORT, imageId, label.equals("malignant") ? 1 : 0, image,
              masks.getOrDefault(baseName, List.of()), UCI_SCHEMA, EventJson.mapper().writeValueAsString(row)));
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(SUBMISSION_THREADS);
    try {
      List<Future<String>> responses = new ArrayList<>();
      for (IngestClient.ResearchCase submission : submissions) {
        responses.add(pool.submit(() -> ingest.submit(submission)));
      }
      for (int i = 0; i < submissions.size(); i++) {
        IngestClient.ResearchCase submission = submissions.get(i);
        String caseId = responses.get(i).get();
        assertEquals(caseIds.forResearchImage(BUSI_COHORT, submission.imageId()), caseId, submission.imageId());
        pending.put(new CaseRevision(caseId, 1), new Outcome("research", submission.imageId(), "CASE", "revision 1"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Mask files per image base name: {@code <name>_mask.png}, {@code <name>_mask_1.png} and so on. */
  private static Map<String, List<Path>> masksByImage(Path folder) throws IOException {
    Map<String, List<Path>> masks = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path mask : files.sorted().toList()) {
        String name = mask.getFileName().toString();
        int marker = name.lastIndexOf("_mask");
        if (marker > 0 && name.endsWith(".png")) {
          masks.computeIfAbsent(name.substring(0, marker), key -> new ArrayList<>()).add(mask);
        }
      }
    }
    return masks;
  }

  /** UCI rows as indicator name to cell text, without the outcome column; {@code ?} stays as the missing code. */
  static List<Map<String, String>> readUciRows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length != header.length) {
        throw new IllegalStateException(csv + " row must have " + header.length + " cells, found " + cells.length);
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        if (!header[i].equals(RealInputModels.UCI_OUTCOME)) {
          row.put(header[i], cells[i].strip());
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> topics() {
    List<String> topics = new ArrayList<>(List.of(Topics.IMAGE_INGESTED, Topics.CLINICAL_RECORD_INGESTED,
        Topics.IMAGE_PREPROCESSED, Topics.IMAGING_SCORES, Topics.CLINICAL_SCORES, Topics.PREDICTIONS));
    topics.addAll(DEAD_LETTER_TOPICS);
    return topics;
  }

  private static String unresolvedMessage(Set<CaseRevision> expected, List<ConsumerRecord<String, byte[]>> records) {
    Set<CaseRevision> open = unresolved(expected, records);
    Map<String, Integer> perTopic = new TreeMap<>();
    records.forEach(record -> perTopic.merge(record.topic(), 1, Integer::sum));
    return open.size() + " of " + expected.size() + " case revisions have neither a prediction nor a dead letter after "
        + PREDICTION_WAIT + " (first: " + open.stream().limit(5).toList() + "); records per topic: " + perTopic;
  }

  private static Path recreate(Path folder) throws IOException {
    if (Files.exists(folder)) {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(folder).toAbsolutePath();
  }

  /** Case revisions with neither a prediction nor a dead letter after ingest. */
  private static Set<CaseRevision> unresolved(Set<CaseRevision> expected, List<ConsumerRecord<String, byte[]>> records) {
    Set<CaseRevision> open = new LinkedHashSet<>(expected);
    open.removeAll(predictionsByRevision(records).keySet());
    open.removeAll(downstreamDeadLetters(records).keySet());
    return open;
  }

  private static Map<CaseRevision, List<Prediction>> predictionsByRevision(List<ConsumerRecord<String, byte[]>> records) {
    Map<CaseRevision, List<Prediction>> predictions = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.topic().equals(Topics.PREDICTIONS)) {
        Prediction prediction = KafkaTestClient.<Prediction>decode(EventType.PREDICTION, record).payload();
        predictions.computeIfAbsent(new CaseRevision(prediction.caseId(), prediction.revision()), key -> new ArrayList<>())
            .add(prediction);
      }
    }
    return predictions;
  }

  /**
   * Dead letters of the stages after ingest, by the case revision of the event they reject. The
   * revision comes from the rejected event's JSON, which the dead letter carries in Base64.
   */
  private static Map<CaseRevision, StageDeadLetter> downstreamDeadLetters(List<ConsumerRecord<String, byte[]>> records) {
    Map<CaseRevision, StageDeadLetter> letters = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (!DOWNSTREAM_DEAD_LETTER_TOPICS.contains(record.topic())) {
        continue;
      }
      DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, record).payload();
      int revision = -1;
      try {
        JsonNode original = EventJson.mapper().readTree(Base64.getDecoder().decode(letter.originalPayloadBase64()));
        revision = original.path("revision").asInt(-1);
      } catch (IOException | IllegalArgumentException e) {
        // An undecodable original has no revision; the letter still counts per reason.
      }
      letters.putIfAbsent(new CaseRevision(letter.key(), revision), new StageDeadLetter(record.topic(), letter));
    }
    return letters;
  }

  /** Dead letters per topic and error code, over every record of the run. */
  private static Map<String, Map<String, Integer>> deadLetterCounts(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (DEAD_LETTER_TOPICS.contains(record.topic())) {
        DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, record).payload();
        counts.computeIfAbsent(record.topic(), key -> new TreeMap<>()).merge(letter.errorCode(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static long count(List<Outcome> outcomes, String path, String kind) {
    return outcomes.stream().filter(o -> o.path().equals(path) && o.kind().equals(kind)).count();
  }
}
