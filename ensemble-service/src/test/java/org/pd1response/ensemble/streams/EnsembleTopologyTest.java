package org.pd1response.ensemble.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pd1response.ensemble.TestScores.CARD;
import static org.pd1response.ensemble.TestScores.CLINICAL_V1;
import static org.pd1response.ensemble.TestScores.CLINICAL_WEIGHT;
import static org.pd1response.ensemble.TestScores.ENSEMBLE_THRESHOLD;
import static org.pd1response.ensemble.TestScores.IMAGING_NOT_ACCEPTED;
import static org.pd1response.ensemble.TestScores.IMAGING_V1;
import static org.pd1response.ensemble.TestScores.IMAGING_V1_THRESHOLD;
import static org.pd1response.ensemble.TestScores.IMAGING_V2;
import static org.pd1response.ensemble.TestScores.IMAGING_WEIGHT;
import static org.pd1response.ensemble.TestScores.caseId;
import static org.pd1response.ensemble.TestScores.clinical;
import static org.pd1response.ensemble.TestScores.imaging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.MissingModalityPolicy;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.PredictionFlag;
import org.pd1response.contracts.events.Prediction.PredictionLabel;
import org.pd1response.contracts.events.Prediction.PredictionStatus;
import org.pd1response.contracts.events.Prediction.TimeoutAction;
import org.pd1response.contracts.events.Prediction.Weights;
import org.pd1response.ensemble.decision.CaseState;

class EnsembleTopologyTest {

  private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");
  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final Duration RETENTION = Duration.ofHours(1);
  private static final Duration PUNCTUATION = Duration.ofSeconds(1);
  private static final double TOLERANCE = 1e-12;

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> imagingScores;
  private TestInputTopic<String, byte[]> clinicalScores;
  private TestOutputTopic<String, byte[]> predictions;
  private TestOutputTopic<String, byte[]> deadLetters;

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void joinsScoresWhenImagingArrivesFirst() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(1);

    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));

    List<TestRecord<String, byte[]>> records = predictions.readRecordsToList();
    assertEquals(1, records.size());
    TestRecord<String, byte[]> record = records.get(0);
    assertEquals(caseId, record.key());
    assertEquals(EventType.PREDICTION.cloudEventType(), CloudEventCodec.header(record.headers(), CloudEventCodec.H_TYPE));
    assertEquals(EventIds.of(caseId, 1, Stage.ENSEMBLE, "prediction-1"),
        CloudEventCodec.header(record.headers(), CloudEventCodec.H_ID));
    assertEquals("/pd1response/ensemble", CloudEventCodec.header(record.headers(), CloudEventCodec.H_SOURCE));
    Prediction prediction = decode(record);
    assertEquals(PredictionStatus.COMPLETE, prediction.status());
    assertEquals(1, prediction.predictionSequence());
    assertEquals(IMAGING_WEIGHT * 0.8 + CLINICAL_WEIGHT * 0.3, prediction.probability(), TOLERANCE);
    assertEquals(PredictionLabel.RESPONDER, prediction.label());
    assertEquals(ENSEMBLE_THRESHOLD, prediction.threshold(), TOLERANCE);
    assertEquals(new Weights(IMAGING_WEIGHT, CLINICAL_WEIGHT), prediction.weights());
    assertEquals(List.of(Modality.IMAGING, Modality.CLINICAL), prediction.modalitiesPresent());
    assertEquals(IMAGING_V1, prediction.imaging().model());
    assertEquals(CLINICAL_V1, prediction.clinical().model());
    assertEquals(START, prediction.imaging().receivedAt());
    assertEquals(START, prediction.decidedAt());
    assertEquals("cases/" + caseId + "/r1/heatmap/imaging-cnn/1.0.0.npy", prediction.heatMapKey());
    assertEquals(CARD.ref(), prediction.ensembleModel());
    assertEquals(new MissingModalityPolicy(TimeoutAction.SINGLE_MODALITY, WAIT.toMillis()),
        prediction.missingModalityPolicy());
    assertEquals(List.of(), prediction.flags());
  }

  @Test
  void joinsScoresWhenClinicalArrivesFirst() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(2);

    send(clinicalScores, clinical(caseId, 1, 0.4, CLINICAL_V1));
    driver.advanceWallClockTime(Duration.ofMinutes(3));
    send(imagingScores, imaging(caseId, 1, 0.2, IMAGING_V1));

    List<Prediction> emitted = readPredictions();
    assertEquals(1, emitted.size());
    Prediction prediction = emitted.get(0);
    assertEquals(PredictionStatus.COMPLETE, prediction.status());
    assertEquals(IMAGING_WEIGHT * 0.2 + CLINICAL_WEIGHT * 0.4, prediction.probability(), TOLERANCE);
    assertEquals(PredictionLabel.NON_RESPONDER, prediction.label());
    assertEquals(START, prediction.clinical().receivedAt());
    assertEquals(START.plus(Duration.ofMinutes(3)), prediction.imaging().receivedAt());
  }

  @Test
  void waitsForSecondModalityUntilWaitPasses() {
    start(TimeoutAction.SINGLE_MODALITY);

    send(imagingScores, imaging(caseId(3), 1, 0.7, IMAGING_V1));
    driver.advanceWallClockTime(WAIT.minusSeconds(2));

    assertTrue(predictions.isEmpty());
  }

  @Test
  void timesOutToSingleModalityOnQuietTopic() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(4);

    send(imagingScores, imaging(caseId, 1, 0.52, IMAGING_V1));
    driver.advanceWallClockTime(WAIT.plus(PUNCTUATION));

    List<Prediction> emitted = readPredictions();
    assertEquals(1, emitted.size());
    Prediction prediction = emitted.get(0);
    assertEquals(PredictionStatus.SINGLE_MODALITY, prediction.status());
    assertEquals(1, prediction.predictionSequence());
    assertEquals(0.52, prediction.probability(), TOLERANCE);
    // The imaging model's own threshold (0.55) decides, not the ensemble threshold (0.5).
    assertEquals(IMAGING_V1_THRESHOLD, prediction.threshold(), TOLERANCE);
    assertEquals(PredictionLabel.NON_RESPONDER, prediction.label());
    assertEquals(new Weights(1.0, 0.0), prediction.weights());
    assertEquals(List.of(Modality.IMAGING), prediction.modalitiesPresent());
    assertNull(prediction.clinical());
    assertEquals(TimeoutAction.SINGLE_MODALITY, prediction.missingModalityPolicy().onTimeout());
  }

  @Test
  void timesOutToIncompleteUnderIncompletePolicy() {
    start(TimeoutAction.INCOMPLETE);
    String caseId = caseId(5);

    send(clinicalScores, clinical(caseId, 1, 0.9, CLINICAL_V1));
    driver.advanceWallClockTime(WAIT.plus(PUNCTUATION));

    List<Prediction> emitted = readPredictions();
    assertEquals(1, emitted.size());
    Prediction prediction = emitted.get(0);
    assertEquals(PredictionStatus.INCOMPLETE, prediction.status());
    assertNull(prediction.probability());
    assertNull(prediction.label());
    assertEquals(List.of(Modality.CLINICAL), prediction.modalitiesPresent());
    assertEquals(new MissingModalityPolicy(TimeoutAction.INCOMPLETE, WAIT.toMillis()),
        prediction.missingModalityPolicy());
  }

  @Test
  void ignoresDuplicateScores() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(6);

    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));
    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    driver.advanceWallClockTime(WAIT.plus(PUNCTUATION));

    List<Prediction> emitted = readPredictions();
    assertEquals(1, emitted.size());
    assertEquals(PredictionStatus.COMPLETE, emitted.get(0).status());
  }

  @Test
  void supersedesTimeoutPredictionWithLateScore() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(7);

    send(imagingScores, imaging(caseId, 1, 0.7, IMAGING_V1));
    driver.advanceWallClockTime(WAIT.plus(PUNCTUATION));
    send(clinicalScores, clinical(caseId, 1, 0.2, CLINICAL_V1));
    send(clinicalScores, clinical(caseId, 1, 0.2, CLINICAL_V1));

    List<TestRecord<String, byte[]>> records = predictions.readRecordsToList();
    assertEquals(2, records.size());
    Prediction first = decode(records.get(0));
    Prediction second = decode(records.get(1));
    assertEquals(PredictionStatus.SINGLE_MODALITY, first.status());
    assertEquals(1, first.predictionSequence());
    assertEquals(PredictionStatus.COMPLETE, second.status());
    assertEquals(2, second.predictionSequence());
    assertEquals(IMAGING_WEIGHT * 0.7 + CLINICAL_WEIGHT * 0.2, second.probability(), TOLERANCE);
    assertNotEquals(CloudEventCodec.header(records.get(0).headers(), CloudEventCodec.H_ID),
        CloudEventCodec.header(records.get(1).headers(), CloudEventCodec.H_ID));
  }

  @Test
  void supersedesIncompletePredictionWithLateScore() {
    start(TimeoutAction.INCOMPLETE);
    String caseId = caseId(8);

    send(clinicalScores, clinical(caseId, 1, 0.6, CLINICAL_V1));
    driver.advanceWallClockTime(WAIT.plus(PUNCTUATION));
    send(imagingScores, imaging(caseId, 1, 0.6, IMAGING_V1));

    List<Prediction> emitted = readPredictions();
    assertEquals(2, emitted.size());
    assertEquals(PredictionStatus.INCOMPLETE, emitted.get(0).status());
    assertEquals(PredictionStatus.COMPLETE, emitted.get(1).status());
    assertEquals(2, emitted.get(1).predictionSequence());
    assertEquals(0.6, emitted.get(1).probability(), TOLERANCE);
  }

  @Test
  void supersedesPredictionWhenAcceptedModelVersionChanges() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(9);

    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));
    send(imagingScores, imaging(caseId, 1, 0.4, IMAGING_V2));

    List<Prediction> emitted = readPredictions();
    assertEquals(2, emitted.size());
    Prediction superseding = emitted.get(1);
    assertEquals(2, superseding.predictionSequence());
    assertEquals(PredictionStatus.COMPLETE, superseding.status());
    assertEquals(IMAGING_V2, superseding.imaging().model());
    assertEquals(IMAGING_WEIGHT * 0.4 + CLINICAL_WEIGHT * 0.3, superseding.probability(), TOLERANCE);
    assertEquals(List.of(), superseding.flags());
  }

  @Test
  void waitsThenFlagsScoreFromModelNotAccepted() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(10);

    send(imagingScores, imaging(caseId, 1, 0.9, IMAGING_NOT_ACCEPTED));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));
    assertTrue(predictions.isEmpty(), "a case with a score from a model not accepted must wait");
    driver.advanceWallClockTime(WAIT.plus(PUNCTUATION));
    send(imagingScores, imaging(caseId, 1, 0.7, IMAGING_V1));

    List<Prediction> emitted = readPredictions();
    assertEquals(2, emitted.size());
    Prediction timedOut = emitted.get(0);
    assertEquals(PredictionStatus.SINGLE_MODALITY, timedOut.status());
    assertEquals(List.of(Modality.CLINICAL), timedOut.modalitiesPresent());
    assertNull(timedOut.imaging());
    assertEquals(List.of(PredictionFlag.MODEL_VERSION_NOT_ACCEPTED), timedOut.flags());
    Prediction complete = emitted.get(1);
    assertEquals(PredictionStatus.COMPLETE, complete.status());
    assertEquals(2, complete.predictionSequence());
    assertEquals(IMAGING_V1, complete.imaging().model());
    assertEquals(IMAGING_WEIGHT * 0.7 + CLINICAL_WEIGHT * 0.3, complete.probability(), TOLERANCE);
  }

  @Test
  void keepsAcceptedScoreWhenModelNotAcceptedFollows() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(11);

    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));
    send(imagingScores, imaging(caseId, 1, 0.1, IMAGING_NOT_ACCEPTED));

    List<Prediction> emitted = readPredictions();
    assertEquals(2, emitted.size());
    Prediction flagged = emitted.get(1);
    assertEquals(2, flagged.predictionSequence());
    assertEquals(PredictionStatus.COMPLETE, flagged.status());
    assertEquals(IMAGING_V1, flagged.imaging().model());
    assertEquals(emitted.get(0).probability(), flagged.probability(), TOLERANCE);
    assertEquals(List.of(PredictionFlag.MODEL_VERSION_NOT_ACCEPTED), flagged.flags());
  }

  @Test
  void keepsRevisionsApart() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(12);

    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 2, 0.3, CLINICAL_V1));

    assertTrue(predictions.isEmpty());
  }

  @Test
  void sendsPoisonRecordsToDeadLetterTopic() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(13);
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
    CloudEventCodec.EncodedEvent valid = CloudEventCodec.encode(imaging(caseId, 1, 0.8, IMAGING_V1));
    CloudEventCodec.EncodedEvent clinicalEvent = CloudEventCodec.encode(clinical(caseId, 1, 0.3, CLINICAL_V1));

    imagingScores.pipeInput(new TestRecord<>(caseId, notJson, valid.headers()));
    imagingScores.pipeInput(new TestRecord<>(caseId, valid.value(), new RecordHeaders()));
    imagingScores.pipeInput(new TestRecord<>(caseId, clinicalEvent.value(), clinicalEvent.headers()));
    imagingScores.pipeInput(new TestRecord<>(caseId(99), valid.value(), valid.headers()));
    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));

    List<DeadLetter> letters = deadLetters.readRecordsToList().stream()
        .map(record -> CloudEventCodec.<DeadLetter>decode(EventType.DEAD_LETTER, record.key(), record.headers(),
            record.value()).payload())
        .toList();
    assertEquals(List.of("INVALID_JSON", "MISSING_HEADER", "UNEXPECTED_TYPE", "KEY_MISMATCH"),
        letters.stream().map(DeadLetter::errorCode).toList());
    DeadLetter first = letters.get(0);
    assertEquals(Stage.ENSEMBLE, first.failedStage());
    assertEquals(Topics.IMAGING_SCORES, first.sourceTopic());
    assertEquals(0, first.sourceOffset());
    assertEquals(caseId, first.key());
    assertEquals("{not json", new String(Base64.getDecoder().decode(first.originalPayloadBase64()), StandardCharsets.UTF_8));
    assertTrue(first.reason().contains("not valid JSON"), first.reason());
    assertEquals(3, letters.get(3).sourceOffset());
    List<Prediction> emitted = readPredictions();
    assertEquals(1, emitted.size(), "processing must go on after poison records");
    assertEquals(PredictionStatus.COMPLETE, emitted.get(0).status());
  }

  @Test
  void removesCaseStateAfterRetention() {
    start(TimeoutAction.SINGLE_MODALITY);
    String caseId = caseId(14);
    KeyValueStore<String, CaseState> cases = driver.getKeyValueStore(EnsembleTopology.CASE_STORE);

    send(imagingScores, imaging(caseId, 1, 0.8, IMAGING_V1));
    send(clinicalScores, clinical(caseId, 1, 0.3, CLINICAL_V1));
    CaseState stored = cases.get(CaseState.key(caseId, 1));
    driver.advanceWallClockTime(RETENTION.plus(PUNCTUATION));

    assertEquals(1, stored.lastSequence());
    assertNull(cases.get(CaseState.key(caseId, 1)));
  }

  private void start(TimeoutAction onTimeout) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "ensemble-topology-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    JoinSettings settings =
        new JoinSettings(new MissingModalityPolicy(onTimeout, WAIT.toMillis()), PUNCTUATION, RETENTION);
    driver = new TopologyTestDriver(EnsembleTopology.build(CARD, settings, TopicNames.CATALOGUE), properties, START);
    imagingScores = driver.createInputTopic(Topics.IMAGING_SCORES, new StringSerializer(), new ByteArraySerializer());
    clinicalScores = driver.createInputTopic(Topics.CLINICAL_SCORES, new StringSerializer(), new ByteArraySerializer());
    predictions = driver.createOutputTopic(Topics.PREDICTIONS, new StringDeserializer(), new ByteArrayDeserializer());
    deadLetters = driver.createOutputTopic(Topics.DLQ_ENSEMBLE, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void send(TestInputTopic<String, byte[]> topic, EventEnvelope<?> event) {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(event);
    topic.pipeInput(new TestRecord<>(encoded.key(), encoded.value(), encoded.headers()));
  }

  private List<Prediction> readPredictions() {
    return predictions.readRecordsToList().stream().map(EnsembleTopologyTest::decode).toList();
  }

  private static Prediction decode(TestRecord<String, byte[]> record) {
    return CloudEventCodec.<Prediction>decode(EventType.PREDICTION, record.key(), record.headers(), record.value())
        .payload();
  }
}
