package org.pd1response.clinical.inference;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pd1response.clinical.inference.messaging.ClinicalRecordConsumer;
import org.pd1response.clinical.model.ClinicalPrediction;
import org.pd1response.clinical.model.Cohort;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;

/**
 * The service against the real broker and S3 server with clinical models trained by the training
 * code. The model switch runs last because it changes the served version.
 */
@QuarkusTest
@WithTestResource(ClinicalModelResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicalInferenceIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofSeconds(3);
  static final Instant TIME = Instant.parse("2026-04-01T12:00:00Z");
  static final int SCORED_ROWS = 12;

  static KafkaTestClient kafka;
  static ObjectStore store;
  static Cohort cohort;
  static TestModels.Trained first;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
    store = ClinicalModelResource.openStore();
    cohort = TestModels.cohort();
    first = TestModels.version(TestModels.NAME, TestModels.FIRST_VERSION);
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
    store.close();
  }

  @Test
  @Order(1)
  void readinessNamesServedModel() {
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));

    RestAssured.get("/q/health/ready").then()
        .body(containsString("clinical-model"))
        .body(containsString("\"version\": \"" + TestModels.FIRST_VERSION + "\""));
  }

  @Test
  @Order(2)
  void scoresEqualTrainingCommandScores() {
    // given cohort rows whose probabilities the training command wrote
    for (int row = 0; row < SCORED_ROWS; row++) {
      kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(caseId(row), cohort.records().get(row).values()));
    }

    // then the service publishes exactly the same probability for each row
    for (int row = 0; row < SCORED_ROWS; row++) {
      ClinicalScore score = scoreFor(caseId(row));
      assertEquals(first.scores().get(row), score.probability(), "row " + row);
      assertEquals(TestModels.FIRST_VERSION, score.model().version());
      assertEquals(first.model().score(cohort.records().get(row).values()).imputedFeatures(), score.imputedFeatures());
    }
  }

  @Test
  @Order(3)
  void listsImputedAndFlaggedFeatures() {
    // given a record whose first selected feature is missing and whose AFP is an impossible 0
    String missingFeature = first.model().selected().get(0);
    List<ClinicalValue> values = new ArrayList<>();
    for (ClinicalValue value : cohort.records().get(1).values()) {
      if (value.name().equals(missingFeature)) {
        values.add(new ClinicalValue(value.name(), null, value.unit(), null, ValueFlag.MISSING));
      } else if (value.name().equals("afp")) {
        values.add(new ClinicalValue("afp", null, "ng/mL", null, ValueFlag.IMPLAUSIBLE));
      } else {
        values.add(value);
      }
    }
    String caseId = caseId(100);

    // when
    kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(caseId, values));

    // then
    ClinicalScore score = scoreFor(caseId);
    ClinicalPrediction expected = first.model().score(values);
    assertTrue(score.imputedFeatures().contains(missingFeature), score.imputedFeatures().toString());
    assertTrue(score.flaggedFeatures().contains("afp"), score.flaggedFeatures().toString());
    assertEquals(expected.probability(), score.probability());
    assertEquals(expected.imputedFeatures(), score.imputedFeatures());
  }

  @Test
  @Order(4)
  void ignoresUnknownFeature() {
    List<ClinicalValue> values = new ArrayList<>(cohort.records().get(2).values());
    values.add(new ClinicalValue("ca19_9", 37.0, "U/mL", null, ValueFlag.PRESENT));
    String caseId = caseId(101);

    kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(caseId, values));

    assertEquals(first.scores().get(2), scoreFor(caseId).probability());
  }

  @Test
  @Order(5)
  void redeliveredEventIsScoredOnce() {
    String caseId = caseId(102);
    EventEnvelope<ClinicalRecordIngested> event = record(caseId, cohort.records().get(3).values());

    kafka.send(Topics.CLINICAL_RECORD_INGESTED, event);
    kafka.send(Topics.CLINICAL_RECORD_INGESTED, event);
    scoreFor(caseId);
    List<ConsumerRecord<String, byte[]>> scores = kafka.readAll(Topics.CLINICAL_SCORES, KafkaTestClient.keyed(caseId), QUIET);

    assertEquals(1, scores.size());
  }

  @Test
  @Order(6)
  void valueInOtherUnitIsDeadLettered() {
    List<ClinicalValue> values = new ArrayList<>();
    for (ClinicalValue value : cohort.records().get(4).values()) {
      values.add(value.name().equals("albumin") ? new ClinicalValue("albumin", 3.9, "g/dL", null, ValueFlag.PRESENT) : value);
    }
    String caseId = caseId(200);
    boolean albuminSelected = first.model().selected().contains("albumin");

    kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(caseId, values));

    if (albuminSelected) {
      DeadLetter letter = deadLetterFor(caseId);
      assertEquals(ClinicalRecordConsumer.UNSCORABLE_RECORD, letter.errorCode());
      assertTrue(letter.reason().startsWith("cannot score clinical field 'albumin.unit': found 'g/dL', expected 'g/L'"),
          letter.reason());
      assertEquals(Stage.CLINICAL_INFERENCE, letter.failedStage());
    } else {
      assertNotNull(scoreFor(caseId));
    }
  }

  @Test
  @Order(7)
  void recordWithAllValuesMissingIsDeadLettered() {
    List<ClinicalValue> values = new ArrayList<>();
    for (ClinicalValue value : cohort.records().get(5).values()) {
      values.add(new ClinicalValue(value.name(), null, value.unit(), null, ValueFlag.MISSING));
    }
    String caseId = caseId(201);

    kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(caseId, values));

    DeadLetter letter = deadLetterFor(caseId);
    assertEquals(ClinicalRecordConsumer.UNSCORABLE_RECORD, letter.errorCode());
    assertTrue(letter.reason().startsWith("cannot score clinical field 'values': found 'all "
        + first.model().selected().size() + " selected features missing'"), letter.reason());
  }

  @Test
  @Order(8)
  void undecodableRecordIsDeadLetteredAndConsumerGoesOn() {
    String poisonKey = caseId(202);
    String nextKey = caseId(203);

    kafka.sendRaw(Topics.CLINICAL_RECORD_INGESTED, poisonKey, "not a cloud event".getBytes(StandardCharsets.UTF_8),
        new RecordHeaders());
    kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(nextKey, cohort.records().get(6).values()));

    DeadLetter letter = deadLetterFor(poisonKey);
    assertEquals(Topics.CLINICAL_RECORD_INGESTED, letter.sourceTopic());
    assertEquals(first.scores().get(6), scoreFor(nextKey).probability());
    RestAssured.get("/q/metrics").then().statusCode(200)
        .body(containsString("error_code=\"" + ClinicalRecordConsumer.UNSCORABLE_RECORD + "\""));
  }

  @Test
  @Order(10)
  void promotedModelServesWithoutRestart() throws Exception {
    // given version 2 published as current and announced
    TestModels.Trained second = TestModels.version(TestModels.NAME, TestModels.SECOND_VERSION);
    ModelPublished promoted = new ModelRegistry(store, Clock.systemUTC())
        .publish(second.modelFile(), second.cardFile(), true);
    kafka.send(Topics.MODELS_PUBLISHED, new EventEnvelope<>(EventIds.ofModel(promoted.modelName(), promoted.version(),
        promoted.action().name()), EventType.MODEL_PUBLISHED, EventEnvelope.sourceOf(Stage.MODEL_REGISTRY), TIME, null,
        promoted.modelName(), promoted));

    // when the service switches
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then()
        .body(containsString("\"version\": \"" + TestModels.SECOND_VERSION + "\"")));
    String caseId = caseId(300);
    kafka.send(Topics.CLINICAL_RECORD_INGESTED, record(caseId, cohort.records().get(7).values()));

    // then the next record is scored by version 2 exactly as its training command scored it
    ClinicalScore score = scoreFor(caseId);
    assertEquals(TestModels.SECOND_VERSION, score.model().version());
    assertEquals(second.scores().get(7), score.probability());
  }

  private static EventEnvelope<ClinicalRecordIngested> record(String caseId, List<ClinicalValue> values) {
    List<String> missing = values.stream().filter(v -> v.flag() != ValueFlag.PRESENT).map(ClinicalValue::name).toList();
    ClinicalRecordIngested payload = new ClinicalRecordIngested(1, caseId, 1, values, missing, "synthetic", null, TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.INGEST, EventIds.NO_MODEL), EventType.CLINICAL_RECORD_INGESTED,
        Stage.INGEST, caseId, payload, TIME);
  }

  private static ClinicalScore scoreFor(String caseId) {
    List<ConsumerRecord<String, byte[]>> scores = kafka.readUntil(Topics.CLINICAL_SCORES, KafkaTestClient.keyed(caseId),
        1, WAIT);
    assertEquals(1, scores.size(), "score events for " + caseId);
    return KafkaTestClient.<ClinicalScore>decode(EventType.CLINICAL_SCORE, scores.get(0)).payload();
  }

  private static DeadLetter deadLetterFor(String caseId) {
    List<ConsumerRecord<String, byte[]>> letters = kafka.readUntil(Topics.DLQ_CLINICAL_INFERENCE,
        KafkaTestClient.keyed(caseId), 1, WAIT);
    assertEquals(1, letters.size(), "dead letters for " + caseId);
    return KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, letters.get(0)).payload();
  }

  static String caseId(int number) {
    return String.format("c%032x", 0xc11000L + number);
  }
}
