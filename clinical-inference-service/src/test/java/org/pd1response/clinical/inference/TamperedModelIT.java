package org.pd1response.clinical.inference;

import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A registry entry whose model bytes no longer match the card must never serve. */
@QuarkusTest
@TestProfile(TamperedModelIT.TamperedModel.class)
class TamperedModelIT {

  static final Duration LOAD_ATTEMPT = Duration.ofSeconds(30);

  /** Serves the tampered registry entry and reads input with its own consumer group. */
  public static class TamperedModel implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "pipeline.clinical.model.name", TestModels.TAMPERED_NAME,
          "mp.messaging.incoming.clinical-records.group.id", "clinical-inference-tampered");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(TamperedModelResource.class));
    }
  }

  @Test
  void modelWithWrongSha256KeepsServiceUnready() {
    Awaitility.await().atMost(LOAD_ATTEMPT).untilAsserted(() -> RestAssured.get("/q/health/ready").then()
        .body(containsString("failed its SHA-256 check")));

    RestAssured.get("/q/health/ready").then()
        .statusCode(503)
        .body(containsString("\"name\": \"" + TestModels.TAMPERED_NAME + "\""));
    RestAssured.get("/q/metrics").then()
        .body(containsString("clinical_model_ready 0.0"))
        .body(containsString("outcome=\"failed\""));
  }
}
