package org.pd1response.imaging;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;

/**
 * The step watchdog against the real broker and S3 server. With a step timeout of 1 ms, every
 * step of a real backlog runs past it. Liveness must turn DOWN while batches are in a step, and
 * come back UP once the backlog is scored and no step is running.
 */
@QuarkusTest
@TestProfile(ScoringStepTimeoutIT.TinyStepTimeout.class)
class ScoringStepTimeoutIT {

  static final String TOPIC = "cases.image-preprocessed.step-timeout";
  static final String GROUP = "imaging-inference-step-timeout";
  static final int FIRST_CASE = 4 * Backlog.EVENTS;
  static final Duration WAIT = Duration.ofSeconds(120);
  static final Duration QUIET = Duration.ofSeconds(3);

  /** The backlog settings with a step timeout that every step exceeds. */
  public static class TinyStepTimeout implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(Backlog.settings(TOPIC, GROUP));
      settings.put("pipeline.imaging.batch.step-timeout", "PT0.001S");
      return settings;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return Backlog.resources(TOPIC);
    }
  }

  static KafkaTestClient kafka;
  static ObjectStore store;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
    store = ImagingModelResource.openStore();
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
    store.close();
  }

  @Test
  void livenessFollowsStepsPastTimeout() throws Exception {
    // given: a ready service with no batch in flight
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    RestAssured.get("/q/health/live").then().statusCode(200).body(containsString("imaging-scoring-steps"));

    // when: a backlog arrives
    List<String> caseIds = Backlog.send(store, TOPIC, FIRST_CASE);

    // then: liveness is DOWN while a step works on a batch, naming the step timeout
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        RestAssured.get("/q/health/live").then().statusCode(503).body(containsString("\"step-timeout\": \"PT0.001S\"")));

    // and: every event is still scored once, and liveness is UP again when no step runs
    kafka.readUntil(Topics.IMAGING_SCORES, record -> caseIds.contains(record.key()), Backlog.EVENTS, WAIT);
    Map<String, List<ImagingScore>> scores = Backlog.scores(kafka, caseIds, QUIET);
    for (String caseId : caseIds) {
      assertEquals(1, scores.getOrDefault(caseId, List.of()).size(), "score events for " + caseId);
    }
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/live").then().statusCode(200));
  }
}
