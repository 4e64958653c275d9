package org.pd1response.ensemble;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.pd1response.ensemble.TestScores.CLINICAL_V1;
import static org.pd1response.ensemble.TestScores.CLINICAL_WEIGHT;
import static org.pd1response.ensemble.TestScores.IMAGING_V1;
import static org.pd1response.ensemble.TestScores.IMAGING_WEIGHT;
import static org.pd1response.ensemble.TestScores.caseId;
import static org.pd1response.ensemble.TestScores.clinical;
import static org.pd1response.ensemble.TestScores.imaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.PredictionStatus;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.PipelineTestResource;

/**
 * The packaged service against the shared real broker and S3 server, with the test profile's
 * two-second wait for a missing modality.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(EnsembleCardTestResource.class)
class EnsembleServiceIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final double TOLERANCE = 1e-12;

  private static KafkaTestClient kafka;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void predictsCaseOnceWhenBothScoresArrive() {
    String caseId = caseId(1001);

    kafka.send(Topics.IMAGING_SCORES, imaging(caseId, 1, 0.9, IMAGING_V1));
    kafka.send(Topics.CLINICAL_SCORES, clinical(caseId, 1, 0.2, CLINICAL_V1));
    kafka.send(Topics.CLINICAL_SCORES, clinical(caseId, 1, 0.2, CLINICAL_V1));

    kafka.readUntil(Topics.PREDICTIONS, KafkaTestClient.keyed(caseId), 1, TIMEOUT);
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(Topics.PREDICTIONS, KafkaTestClient.keyed(caseId), QUIET);
    assertEquals(1, records.size());
    assertEquals(EventType.PREDICTION.cloudEventType(),
        CloudEventCodec.header(records.get(0).headers(), CloudEventCodec.H_TYPE));
    Prediction prediction = KafkaTestClient.<Prediction>decode(EventType.PREDICTION, records.get(0)).payload();
    assertEquals(PredictionStatus.COMPLETE, prediction.status());
    assertEquals(IMAGING_WEIGHT * 0.9 + CLINICAL_WEIGHT * 0.2, prediction.probability(), TOLERANCE);
    assertEquals(EnsembleCardTestResource.CARD_VERSION, prediction.ensembleModel().version());
  }

  @Test
  void exposesDistributionOfPredictedProbabilities() {
    String caseId = caseId(1002);

    kafka.send(Topics.IMAGING_SCORES, imaging(caseId, 1, 0.7, IMAGING_V1));
    kafka.send(Topics.CLINICAL_SCORES, clinical(caseId, 1, 0.6, CLINICAL_V1));
    kafka.readUntil(Topics.PREDICTIONS, KafkaTestClient.keyed(caseId), 1, TIMEOUT);

    given().get("/q/metrics").then().statusCode(200)
        .body(org.hamcrest.Matchers.containsString("pipeline_prediction_probability_bucket{le=\"0.7\""));
  }

  @Test
  void timesOutCaseWithOneScore() {
    String caseId = caseId(1002);

    kafka.send(Topics.CLINICAL_SCORES, clinical(caseId, 1, 0.7, CLINICAL_V1));

    List<ConsumerRecord<String, byte[]>> records =
        kafka.readUntil(Topics.PREDICTIONS, KafkaTestClient.keyed(caseId), 1, TIMEOUT);
    assertEquals(1, records.size());
    Prediction prediction = KafkaTestClient.<Prediction>decode(EventType.PREDICTION, records.get(0)).payload();
    assertEquals(PredictionStatus.SINGLE_MODALITY, prediction.status());
    assertEquals(0.7, prediction.probability(), TOLERANCE);
    assertNull(prediction.imaging());
  }

  @Test
  void sendsPoisonRecordToDeadLetterTopic() {
    String caseId = caseId(1003);

    kafka.sendRaw(Topics.IMAGING_SCORES, caseId, "not an event".getBytes(StandardCharsets.UTF_8), new RecordHeaders());

    List<ConsumerRecord<String, byte[]>> records =
        kafka.readUntil(Topics.DLQ_ENSEMBLE, KafkaTestClient.keyed(caseId), 1, TIMEOUT);
    assertEquals(1, records.size());
    DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, records.get(0)).payload();
    assertEquals(Stage.ENSEMBLE, letter.failedStage());
    assertEquals("MISSING_HEADER", letter.errorCode());
    assertEquals(Topics.IMAGING_SCORES, letter.sourceTopic());
  }

  @Test
  void readinessCoversCardStreamsAndObjectStore() {
    await().atMost(TIMEOUT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));

    given().when().get("/q/health/ready").then()
        .body("checks.name", hasItem("ensemble-card"))
        .body("checks.name", hasItem("object-store"))
        .body("checks.name", hasItem("kafka-streams-state"))
        .body("checks.name", hasItem("Kafka Streams topics health check"))
        .body("checks.find { it.name == 'ensemble-card' }.data.version", equalTo(
            EnsembleCardTestResource.CARD_VERSION));
  }
}
