package org.pd1response.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.preprocessing.OverlayMode;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.Sha256;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.PipelineTestResource;

/**
 * The service takes its parameters from the current imaging model's card. A model name of its
 * own keeps the cards published here away from the other test classes.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@TestProfile(PreprocessingFromModelCardIT.CardModelProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreprocessingFromModelCardIT {

  static final String MODEL_NAME = "imaging-cnn-card-test";
  static final Duration WAIT = Duration.ofSeconds(30);
  /** Longer than the test profile's model check interval of 1 s. */
  static final Duration CHECK_INTERVAL_PASSED = Duration.ofMillis(1500);
  static final PreprocessingParameters CROP = PreprocessingParameters.defaults().withOverlayMode(OverlayMode.CROP);

  /** Points the service at a model name that only this class publishes. */
  public static class CardModelProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("pipeline.preprocess.imaging-model-name", MODEL_NAME);
    }
  }

  static KafkaTestClient kafka;

  @Inject
  ObjectStore store;

  @TempDir
  Path work;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  @Order(1)
  void usesParametersOfCurrentModelCard() throws Exception {
    // given
    publishCurrent("1.0.0", CROP, CROP.sha256());
    Thread.sleep(CHECK_INTERVAL_PASSED.toMillis());
    String caseId = IngestedCases.caseId("card-crop");

    // when
    kafka.send(Topics.IMAGE_INGESTED, IngestedCases.store(store, caseId, TestImages.image(21),
        TestImages.mask(TestImages.WIDTH, TestImages.HEIGHT), TestImages.WIDTH, TestImages.HEIGHT));

    // then
    List<ConsumerRecord<String, byte[]>> outputs =
        kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), 1, WAIT);
    assertEquals(1, outputs.size());
    ImagePreprocessed output = KafkaTestClient.<ImagePreprocessed>decode(EventType.IMAGE_PREPROCESSED, outputs.get(0))
        .payload();
    assertEquals(CROP.sha256(), output.preprocessingHash());
    assertEquals("CROP", output.preprocessing().get("overlayMode"));
    assertEquals(ObjectKeys.tensor(caseId, 1, CROP.sha256()), output.tensorKey());
  }

  @Test
  @Order(2)
  void deadLettersEventsWhileCardHashIsWrong() throws Exception {
    // given
    String wrongHash = "0".repeat(64);
    publishCurrent("1.0.1", CROP, wrongHash);
    Thread.sleep(CHECK_INTERVAL_PASSED.toMillis());
    String caseId = IngestedCases.caseId("card-wrong-hash");

    // when
    kafka.send(Topics.IMAGE_INGESTED, IngestedCases.store(store, caseId, TestImages.image(22),
        TestImages.mask(TestImages.WIDTH, TestImages.HEIGHT), TestImages.WIDTH, TestImages.HEIGHT));

    // then
    List<ConsumerRecord<String, byte[]>> letters =
        kafka.readUntil(Topics.DLQ_PREPROCESS, KafkaTestClient.keyed(caseId), 1, WAIT);
    assertEquals(1, letters.size());
    DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, letters.get(0)).payload();
    assertEquals("INVALID_MODEL_CARD", letter.errorCode());
    assertTrue(letter.reason().contains("found " + wrongHash), letter.reason());
    assertTrue(letter.reason().contains(CROP.sha256()), letter.reason());
  }

  private void publishCurrent(String version, PreprocessingParameters parameters, String declaredHash)
      throws Exception {
    // The preprocess service reads only the card; these bytes stand in for the ONNX file it never loads.
    Path model = work.resolve("model.onnx");
    Files.write(model, ("model file of " + MODEL_NAME + " " + version).getBytes(StandardCharsets.UTF_8));
    ObjectNode card = EventJson.mapper().createObjectNode()
        .put("schemaVersion", 1).put("name", MODEL_NAME).put("version", version).put("kind", "IMAGING")
        .put("format", "ONNX").put("modelFile", "model.onnx").put("sha256", Sha256.of(model))
        .put("createdAt", "2026-04-01T12:00:00Z").put("preprocessingHash", declaredHash);
    card.set("preprocessing", EventJson.mapper().readTree(parameters.canonicalJson()));
    Path cardFile = work.resolve("card.json");
    EventJson.mapper().writeValue(cardFile.toFile(), card);
    new ModelRegistry(store, Clock.systemUTC()).publish(model, cardFile, true);
  }
}
