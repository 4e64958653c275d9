package org.pd1response.imaging;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.imaging.heatmap.OverlayRenderer;
import org.pd1response.imaging.model.GradCam;
import org.pd1response.imaging.model.NpyArrays;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;

/**
 * The service with overlays rendered on request: scoring stores only the low-resolution map, and
 * the first GET of the overlay renders it from that map and the case's tensor and stores it.
 * Runs on its own input topic, so that it scores only its own events.
 */
@QuarkusTest
@TestProfile(OnRequestOverlayIT.OnRequest.class)
class OnRequestOverlayIT {

  static final String TOPIC = "cases.image-preprocessed.on-request-overlays";
  static final String GROUP = "imaging-inference-on-request-overlays";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant TIME = Instant.parse("2026-04-01T12:00:00Z");
  static final int SIZE = 224;
  static final int MAP_SIZE = 28;
  static final double OPACITY = 0.45;

  /** The imaging service with overlays rendered only when asked for. */
  public static class OnRequest implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(Backlog.settings(TOPIC, GROUP));
      settings.put("pipeline.imaging.heat-map.overlay-rendering", "on-request");
      settings.put("pipeline.imaging.heat-map.overlay-opacity", Double.toString(OPACITY));
      return settings;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return Backlog.resources(TOPIC);
    }
  }

  static KafkaTestClient kafka;
  static ObjectStore store;
  static TestModels.Generated model;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
    store = ImagingModelResource.openStore();
    model = TestModels.named(Backlog.MODEL_NAME, TestModels.FIRST_VERSION);
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
    store.close();
  }

  @Test
  void firstRequestRendersAndStoresOverlay() throws Exception {
    String caseId = caseId(1);
    byte[] tensorFile = Files.readAllBytes(model.cases().get(0).tensorFile());
    kafka.send(TOPIC, preprocessed(caseId, tensorFile));
    ImagingScore score = scoreFor(caseId);
    String overlayKey = ObjectKeys.heatMapOverlay(caseId, 1, model.name(), model.version());
    assertEquals(overlayKey, score.overlayKey());
    assertFalse(store.exists(Bucket.DERIVED, overlayKey), "no overlay is rendered while scoring");

    byte[] served = RestAssured.get(overlayPath(caseId, "1", model.name(), model.version())).then()
        .statusCode(200).contentType("image/png").extract().asByteArray();

    float[] map = NpyArrays.readFloat32(store.get(Bucket.DERIVED, score.heatMapKey()).content(),
        new int[] {MAP_SIZE, MAP_SIZE});
    float[] tensor = NpyArrays.readFloat32(tensorFile, new int[] {3, SIZE, SIZE});
    byte[] expected = OverlayRenderer.render(Arrays.copyOf(tensor, SIZE * SIZE),
        GradCam.upsample(map, MAP_SIZE, MAP_SIZE, SIZE, SIZE), SIZE, OPACITY);
    assertArrayEquals(expected, served, "overlay rendered from the stored map and tensor");
    assertArrayEquals(expected, store.get(Bucket.DERIVED, overlayKey).content(), "overlay stored under its key");

    byte[] again = RestAssured.get(overlayPath(caseId, "1", model.name(), model.version())).then()
        .statusCode(200).extract().asByteArray();
    assertArrayEquals(expected, again, "the second request reads the stored overlay");
  }

  @Test
  void unscoredCaseOverlayIsNotFound() {
    String caseId = caseId(2);
    RestAssured.get(overlayPath(caseId, "1", model.name(), model.version())).then()
        .statusCode(404)
        .body(containsString("heat map not found for case " + caseId + " revision 1 and model " + model.name()));
  }

  @Test
  void malformedPathPartsAreRejected() {
    RestAssured.get(overlayPath("patient-42", "1", model.name(), model.version())).then()
        .statusCode(400)
        .body(containsString("caseId must be a pseudonymous case id (c + 32 hex), found 'patient-42'"));
    RestAssured.get(overlayPath(caseId(3), "x", model.name(), model.version())).then()
        .statusCode(400)
        .body(containsString("revision must be a positive integer after 'r', found 'x'"));
    RestAssured.get(overlayPath(caseId(3), "0", model.name(), model.version())).then()
        .statusCode(400)
        .body(containsString("revision must be at least 1, found 0"));
  }

  private static String overlayPath(String caseId, String revision, String name, String version) {
    return "/heat-maps/" + caseId + "/r" + revision + "/" + name + "/" + version + "/overlay.png";
  }

  private static EventEnvelope<ImagePreprocessed> preprocessed(String caseId, byte[] tensor) {
    String hash = model.preprocessingHash();
    String tensorKey = ObjectKeys.tensor(caseId, 1, hash);
    store.put(Bucket.DERIVED, tensorKey, tensor, "application/octet-stream");
    ImagePreprocessed payload = new ImagePreprocessed(1, caseId, 1, tensorKey, null, List.of(3, SIZE, SIZE), "float32",
        Map.of("crop", SIZE), hash, ObjectKeys.image(caseId, 1), TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.PREPROCESS, hash), EventType.IMAGE_PREPROCESSED,
        Stage.PREPROCESS, caseId, payload, TIME);
  }

  private static ImagingScore scoreFor(String caseId) {
    List<ConsumerRecord<String, byte[]>> scores = kafka.readUntil(Topics.IMAGING_SCORES, KafkaTestClient.keyed(caseId),
        1, WAIT);
    assertEquals(1, scores.size(), "score events for " + caseId);
    ImagingScore score = KafkaTestClient.<ImagingScore>decode(EventType.IMAGING_SCORE, scores.get(0)).payload();
    assertTrue(score.heatMapKey().endsWith(".npy"), "heat map key " + score.heatMapKey());
    return score;
  }

  static String caseId(int number) {
    return String.format("c%032x", 0x0e7000L + number);
  }
}
