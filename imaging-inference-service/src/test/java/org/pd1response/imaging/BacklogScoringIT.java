package org.pd1response.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;

/**
 * The service's own configuration keeps scoring through a backlog in which records stay
 * unacknowledged longer than the connector's age check would allow. {@link UnacknowledgedAgeCheckIT}
 * runs the same backlog with the check on, and there the channel fails.
 */
@QuarkusTest
@TestProfile(BacklogScoringIT.SlowBacklog.class)
class BacklogScoringIT {

  static final String TOPIC = "cases.image-preprocessed.backlog";
  static final String GROUP = "imaging-inference-backlog";
  static final Duration WAIT = Duration.ofSeconds(120);
  static final Duration QUIET = Duration.ofSeconds(3);

  /** A slow backlog with the service's own age-check setting. */
  public static class SlowBacklog implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Backlog.settings(TOPIC, GROUP);
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
  void backlogScoredOnceWhileLive() throws Exception {
    // given: the service serves the backlog model, with the connector's age check off
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    assertEquals(0, ConfigProvider.getConfig().getValue(
        "mp.messaging.incoming.image-preprocessed.throttled.unprocessed-record-max-age.ms", Integer.class));

    // when: the whole backlog arrives at once
    List<String> caseIds = Backlog.send(store, TOPIC, 0);

    // then: every event is scored exactly once
    kafka.readUntil(Topics.IMAGING_SCORES, record -> caseIds.contains(record.key()), Backlog.EVENTS, WAIT);
    Map<String, List<ImagingScore>> scores = Backlog.scores(kafka, caseIds, QUIET);
    for (String caseId : caseIds) {
      assertEquals(1, scores.getOrDefault(caseId, List.of()).size(), "score events for " + caseId);
    }

    // and: the committed offset reaches the end of the topic
    Awaitility.await().atMost(WAIT).untilAsserted(() -> {
      Map<String, ?> offsets = Backlog.offsets(TOPIC, GROUP);
      assertEquals(offsets.get("end"), offsets.get("committed"), "committed and end offsets of " + TOPIC);
    });

    // and: the service is still live and ready
    RestAssured.get("/q/health/live").then().statusCode(200);
    RestAssured.get("/q/health/ready").then().statusCode(200);
  }
}
