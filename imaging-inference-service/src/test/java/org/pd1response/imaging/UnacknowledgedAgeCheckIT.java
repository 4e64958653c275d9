package org.pd1response.imaging;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;

/**
 * The backlog of {@link BacklogScoringIT} with the connector's age check turned on, scaled from
 * its 60 s default to {@link Backlog#SCALED_MAX_AGE_MS} ms. This is the configuration that stopped
 * the service during a real burst: the channel fails, scoring stops, and the failure must show in
 * the liveness check and the log.
 */
@QuarkusTest
@TestProfile(UnacknowledgedAgeCheckIT.AgeCheckOn.class)
class UnacknowledgedAgeCheckIT {

  static final String TOPIC = "cases.image-preprocessed.age-check";
  static final String GROUP = "imaging-inference-age-check";
  static final Duration WAIT = Duration.ofSeconds(120);
  static final Duration QUIET = Duration.ofSeconds(3);

  /** The slow backlog with the connector's age check on. */
  public static class AgeCheckOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = Backlog.settings(TOPIC, GROUP);
      settings.put("mp.messaging.incoming.image-preprocessed.throttled.unprocessed-record-max-age.ms",
          Backlog.SCALED_MAX_AGE_MS);
      return settings;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return Backlog.resources(TOPIC);
    }
  }

  /** Error records logged while the test runs. */
  static final class ErrorCapture extends Handler {
    final List<LogRecord> errors = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    boolean anyContains(String text) {
      for (LogRecord record : errors) {
        if (record.getMessage() != null && record.getMessage().contains(text)) {
          return true;
        }
      }
      return false;
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
  void ageCheckFailureTurnsLivenessDown() throws Exception {
    // given: a live, ready service that logs into the capture
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    RestAssured.get("/q/health/live").then().statusCode(200);
    ErrorCapture capture = new ErrorCapture();
    Logger.getLogger("").addHandler(capture);

    try {
      // when: the whole backlog arrives at once
      List<String> caseIds = Backlog.send(store, TOPIC, Backlog.EVENTS);

      // then: liveness turns DOWN and names the failed channel's topic
      Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/live").then().statusCode(503));
      RestAssured.get("/q/health/live").then().body(containsString(TOPIC));

      // and: an error line names the channel and carries the connector's reason
      Awaitility.await().atMost(QUIET).until(() -> capture.anyContains("Messaging channel image-preprocessed failed"));
      assertTrue(capture.anyContains("waited for"), "reason in the error line");

      // and: scoring stopped before the end of the backlog
      Map<String, List<ImagingScore>> scores = Backlog.scores(kafka, caseIds, QUIET);
      assertTrue(scores.size() < Backlog.EVENTS, "scored cases after the failure: " + scores.size());
    } finally {
      Logger.getLogger("").removeHandler(capture);
    }
  }
}
