package org.pd1response.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.SharedInfrastructure;

class ModelRegistryIT {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);
  static final byte[] MODEL_BYTES = "model weights".getBytes(StandardCharsets.UTF_8);

  static ObjectStore store;
  static ModelRegistry registry;

  @TempDir Path folder;

  @BeforeAll
  static void connect() {
    store = new ObjectStore(ObjectStoreIT.settings("registry-originals", "registry-derived"));
    store.ensureBuckets();
    registry = new ModelRegistry(store, CLOCK);
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  @Test
  void publishedModelLoadsAsCurrent() throws IOException {
    Path model = write("model.onnx", MODEL_BYTES);
    Path card = writeCard("cnn", "1.0.0", "model.onnx", Sha256.of(MODEL_BYTES));

    ModelPublished event = registry.publish(model, card, true);
    RegisteredModel loaded = registry.loadCurrent("cnn");

    assertEquals(ModelPublished.PublishAction.PROMOTED, event.action());
    assertEquals("models/cnn/1.0.0/model.onnx", event.modelKey());
    assertEquals("1.0.0", loaded.version());
    assertArrayEquals(MODEL_BYTES, loaded.modelBytes());
    assertEquals(Sha256.of(MODEL_BYTES), loaded.sha256());
  }

  @Test
  void promotionMovesCurrentPointer() throws IOException {
    registry.publish(write("model.onnx", MODEL_BYTES), writeCard("promoted", "1", "model.onnx", Sha256.of(MODEL_BYTES)), true);
    byte[] second = "better weights".getBytes(StandardCharsets.UTF_8);
    registry.publish(write("model.onnx", second), writeCard("promoted", "2", "model.onnx", Sha256.of(second)), false);

    assertEquals("1", registry.currentVersion("promoted").orElseThrow());
    registry.promote("promoted", "2");

    assertEquals("2", registry.currentVersion("promoted").orElseThrow());
  }

  @Test
  void cardWithWrongSha256IsRejected() throws IOException {
    Path model = write("model.onnx", MODEL_BYTES);
    Path card = writeCard("wrong-hash", "1.0.0", "model.onnx", "0".repeat(64));

    ModelIntegrityException error = assertThrows(ModelIntegrityException.class, () -> registry.publish(model, card, true));

    assertTrue(error.getMessage().contains("must equal the model file's SHA-256"), error.getMessage());
  }

  @Test
  void tamperedModelFailsToLoad() throws IOException {
    registry.publish(write("model.onnx", MODEL_BYTES), writeCard("tampered", "1", "model.onnx", Sha256.of(MODEL_BYTES)), true);
    store.put(Bucket.DERIVED, ObjectKeys.modelFile("tampered", "1", "model.onnx"), "evil".getBytes(StandardCharsets.UTF_8),
        "application/octet-stream");

    ModelIntegrityException error = assertThrows(ModelIntegrityException.class, () -> registry.loadCurrent("tampered"));

    assertTrue(error.getMessage().contains("failed its SHA-256 check"), error.getMessage());
  }

  @Test
  void publishCommandAnnouncesModelOnKafka() throws Exception {
    Path model = write("model.onnx", MODEL_BYTES);
    Path card = writeCard("announced", "3.1", "model.onnx", Sha256.of(MODEL_BYTES));
    ModelPublished event = registry.publish(model, card, true);

    PublishModelCommand.announce(SharedInfrastructure.get().kafkaBootstrapServers(), event);

    try (KafkaTestClient kafka = KafkaTestClient.forSharedInfrastructure()) {
      List<ConsumerRecord<String, byte[]>> records =
          kafka.readUntil(Topics.MODELS_PUBLISHED, KafkaTestClient.keyed("announced"), 1, Duration.ofSeconds(20));
      assertEquals(1, records.size());
      EventEnvelope<ModelPublished> decoded = KafkaTestClient.decode(EventType.MODEL_PUBLISHED, records.get(0));
      assertEquals("3.1", decoded.payload().version());
      assertEquals(Sha256.of(MODEL_BYTES), decoded.payload().sha256());
    }
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(folder.resolve(name), content);
  }

  private Path writeCard(String name, String version, String modelFile, String sha256) throws IOException {
    String json = """
        {"schemaVersion": 1, "name": "%s", "version": "%s", "kind": "IMAGING", "format": "ONNX",
         "modelFile": "%s", "sha256": "%s", "createdAt": "2026-05-01T08:00:00Z"}
        """.formatted(name, version, modelFile, sha256);
    return write("card-" + name + "-" + version + ".json", json.getBytes(StandardCharsets.UTF_8));
  }
}
