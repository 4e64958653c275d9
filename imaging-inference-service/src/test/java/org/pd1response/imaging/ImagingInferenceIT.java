package org.pd1response.imaging;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.imaging.model.GradCam;
import org.pd1response.imaging.model.NpyArrays;
import org.pd1response.imaging.scoring.TensorReader;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * The service against the real broker and S3 server, with a real ONNX model built by the test
 * script. Tensors are real BUSI images when PIPELINE_DATA_DIR is set and seeded synthetic images
 * otherwise. The model switch runs last because it changes the served version.
 */
@QuarkusTest
@WithTestResource(ImagingModelResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagingInferenceIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofSeconds(3);
  static final Instant TIME = Instant.parse("2026-04-01T12:00:00Z");
  static final double SCORE_TOLERANCE = 1e-5;
  static final double MIN_CORRELATION = 0.99;
  static final int FEATURE_MAP_SIZE = 28;
  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
  static final long RANDOM_SEED = 7L;
  static final String THIRD_VERSION = "3.0.0";
  static final String INPUT_GROUP = "imaging-inference";
  static final int BACKLOG = 480;
  static final int BACKLOG_FIRST_CASE = 1000;
  static final int REPEATED = 64;
  static final Pattern DUPLICATES = Pattern.compile(
      "pipeline_events_total\\{error_code=\"none\",outcome=\"duplicate\",stage=\"imaging-inference\"} (\\S+)");
  static final Pattern HANDOVER = Pattern.compile(
      "imaging_model_handovers_total\\{batches_in_flight=\"(\\d+)\",version=\"" + Pattern.quote(THIRD_VERSION) + "\"");

  static KafkaTestClient kafka;
  static ObjectStore store;
  static TestModels.Generated first;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
    store = ImagingModelResource.openStore();
    first = TestModels.version(TestModels.FIRST_VERSION);
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
        .body(containsString("imaging-model"))
        .body(containsString("\"version\": \"1.0.0\""))
        .body(containsString("\"provider\": \"CPU\""));
  }

  @Test
  @Order(2)
  void scoresAndHeatMapsMatchPyTorch() throws Exception {
    List<String> caseIds = new ArrayList<>();
    for (int i = 0; i < first.cases().size(); i++) {
      String caseId = caseId(100 + i);
      caseIds.add(caseId);
      kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(caseId, Files.readAllBytes(first.cases().get(i).tensorFile()),
          first.preprocessingHash(), List.of(3, 224, 224)));
    }

    for (int i = 0; i < caseIds.size(); i++) {
      TestModels.ReferenceCase reference = first.cases().get(i);
      ImagingScore score = scoreFor(caseIds.get(i));
      assertEquals(reference.probability(), score.probability(), SCORE_TOLERANCE, reference.imageId());
      assertEquals(TestModels.FIRST_VERSION, score.model().version());
      assertEquals(first.card().get("sha256").asText(), score.model().sha256());
      assertEquals(ObjectKeys.heatMap(caseIds.get(i), 1, TestModels.NAME, TestModels.FIRST_VERSION), score.heatMapKey());

      float[] low = NpyArrays.readFloat32(store.get(Bucket.DERIVED, score.heatMapKey()).content(),
          new int[] {FEATURE_MAP_SIZE, FEATURE_MAP_SIZE});
      float[] upsampled = GradCam.upsample(low, FEATURE_MAP_SIZE, FEATURE_MAP_SIZE, HeatMaps.SIZE, HeatMaps.SIZE);
      double correlation = HeatMaps.correlation(upsampled,
          HeatMaps.read(reference.heatMapFile(), HeatMaps.SIZE, HeatMaps.SIZE));
      assertTrue(correlation > MIN_CORRELATION, reference.imageId() + " correlation " + correlation);
    }
    String overlayKey = scoreFor(caseIds.get(0)).overlayKey();
    Awaitility.await().atMost(WAIT).until(() -> store.exists(Bucket.DERIVED, overlayKey));
    byte[] overlay = store.get(Bucket.DERIVED, overlayKey).content();
    assertTrue(Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(overlay, 4)), "overlay is a PNG");
  }

  @Test
  @Order(3)
  void redeliveredEventIsScoredOnce() throws Exception {
    String caseId = caseId(200);
    EventEnvelope<ImagePreprocessed> event = preprocessed(caseId,
        Files.readAllBytes(first.cases().get(0).tensorFile()), first.preprocessingHash(), List.of(3, 224, 224));

    kafka.send(Topics.IMAGE_PREPROCESSED, event);
    kafka.send(Topics.IMAGE_PREPROCESSED, event);
    scoreFor(caseId);
    List<ConsumerRecord<String, byte[]>> scores = kafka.readAll(Topics.IMAGING_SCORES, KafkaTestClient.keyed(caseId),
        QUIET);

    assertEquals(1, scores.size());
  }

  @Test
  @Order(4)
  void corruptedTensorIsDeadLettered() throws Exception {
    String caseId = caseId(300);
    byte[] tensor = Files.readAllBytes(first.cases().get(0).tensorFile());
    byte[] truncated = Arrays.copyOf(tensor, tensor.length / 2);

    kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(caseId, truncated, first.preprocessingHash(),
        List.of(3, 224, 224)));

    DeadLetter letter = deadLetterFor(caseId);
    assertEquals(TensorReader.CORRUPTED_TENSOR, letter.errorCode());
    assertTrue(letter.reason().contains("tensor data must have 602112 bytes for shape [3, 224, 224]"),
        letter.reason());
    assertEquals(Stage.IMAGING_INFERENCE, letter.failedStage());
  }

  @Test
  @Order(5)
  void wrongShapeIsDeadLettered() throws Exception {
    String declaredKey = caseId(301);
    String storedKey = caseId(302);
    float[] small = new float[3 * 112 * 112];

    kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(declaredKey, NpyArrays.writeFloat32(new int[] {3, 112, 112},
        small), first.preprocessingHash(), List.of(3, 112, 112)));
    kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(storedKey, NpyArrays.writeFloat32(new int[] {3, 112, 112},
        small), first.preprocessingHash(), List.of(3, 224, 224)));

    DeadLetter declared = deadLetterFor(declaredKey);
    assertEquals(TensorReader.TENSOR_SHAPE_MISMATCH, declared.errorCode());
    assertEquals("shape must be [3, 224, 224] for model imaging-cnn 1.0.0, found [3, 112, 112]", declared.reason());
    DeadLetter stored = deadLetterFor(storedKey);
    assertEquals(TensorReader.TENSOR_SHAPE_MISMATCH, stored.errorCode());
    assertTrue(stored.reason().endsWith("tensor shape must be [3, 224, 224], found [3, 112, 112]"), stored.reason());
  }

  @Test
  @Order(6)
  void preprocessingHashMismatchIsDeadLettered() throws Exception {
    String caseId = caseId(303);
    String otherHash = "0".repeat(64);

    kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(caseId, Files.readAllBytes(first.cases().get(0).tensorFile()),
        otherHash, List.of(3, 224, 224)));

    DeadLetter letter = deadLetterFor(caseId);
    assertEquals(TensorReader.PREPROCESSING_HASH_MISMATCH, letter.errorCode());
    assertEquals("preprocessingHash must be " + first.preprocessingHash()
        + " (the hash in the card of model imaging-cnn 1.0.0), found " + otherHash, letter.reason());
  }

  @Test
  @Order(7)
  void consumerGoesOnAfterBadEvents() throws Exception {
    String caseId = caseId(304);

    kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(caseId, Files.readAllBytes(first.cases().get(1).tensorFile()),
        first.preprocessingHash(), List.of(3, 224, 224)));

    assertEquals(first.cases().get(1).probability(), scoreFor(caseId).probability(), SCORE_TOLERANCE);
    RestAssured.get("/q/metrics").then().statusCode(200)
        .body(containsString("error_code=\"" + TensorReader.CORRUPTED_TENSOR + "\""))
        .body(containsString("imaging_stage_time_seconds_count{stage=\"inference\""));
  }

  @Test
  @Order(8)
  void undecodableRecordIsDeadLettered() {
    String caseId = caseId(305);
    byte[] random = new byte[80];
    new Random(RANDOM_SEED).nextBytes(random);
    CloudEventCodec.EncodedEvent valid = CloudEventCodec.encode(preprocessed(caseId, new byte[0],
        first.preprocessingHash(), List.of(3, 224, 224)));

    kafka.sendRaw(Topics.IMAGE_PREPROCESSED, caseId, random, new RecordHeaders(valid.headers().toArray()));

    DeadLetter letter = deadLetterFor(caseId);
    assertEquals("INVALID_JSON", letter.errorCode());
    assertEquals(Topics.IMAGE_PREPROCESSED, letter.sourceTopic());
  }

  @Test
  @Order(10)
  void promotionScoresEveryEventOnce() throws Exception {
    TestModels.Generated second = TestModels.version(TestModels.SECOND_VERSION);
    int events = 24;
    List<String> caseIds = new ArrayList<>();
    Map<String, Integer> referenceIndex = new HashMap<>();
    for (int i = 0; i < events; i++) {
      String caseId = caseId(400 + i);
      caseIds.add(caseId);
      referenceIndex.put(caseId, i % first.cases().size());
    }

    for (int i = 0; i < events / 2; i++) {
      sendReference(caseIds.get(i), referenceIndex.get(caseIds.get(i)));
    }
    promote(second);
    for (int i = events / 2; i < events; i++) {
      sendReference(caseIds.get(i), referenceIndex.get(caseIds.get(i)));
    }

    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then()
        .body(containsString("\"version\": \"2.0.0\"")));
    String lastCase = caseId(400 + events);
    sendReference(lastCase, 0);
    assertEquals(TestModels.SECOND_VERSION, scoreFor(lastCase).model().version());
    Map<String, List<ImagingScore>> scoresByCase = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.IMAGING_SCORES,
        record -> referenceIndex.containsKey(record.key()), QUIET)) {
      scoresByCase.computeIfAbsent(record.key(), key -> new ArrayList<>())
          .add(KafkaTestClient.<ImagingScore>decode(EventType.IMAGING_SCORE, record).payload());
    }
    for (String caseId : caseIds) {
      List<ImagingScore> scores = scoresByCase.getOrDefault(caseId, List.of());
      assertEquals(1, scores.size(), "score events for " + caseId);
      ImagingScore score = scores.get(0);
      TestModels.Generated scoredBy = score.model().version().equals(TestModels.SECOND_VERSION) ? second : first;
      assertEquals(scoredBy.cases().get(referenceIndex.get(caseId)).probability(), score.probability(),
          SCORE_TOLERANCE, caseId + " scored by " + score.model().version());
    }
    RestAssured.get("/q/metrics").then().body(containsString("imaging_model_sessions_open 1.0"));
  }

  @Test
  @Order(11)
  void switchWithBatchesInFlightScoresEachOnce() throws Exception {
    // given: the reference tensors stored once, a backlog of events and a third version
    TestModels.Generated second = TestModels.version(TestModels.SECOND_VERSION);
    TestModels.Generated third = TestModels.version(THIRD_VERSION);
    List<String> tensorKeys = new ArrayList<>();
    for (int i = 0; i < first.cases().size(); i++) {
      String key = ObjectKeys.tensor(caseId(BACKLOG_FIRST_CASE - 1 - i), 1, first.preprocessingHash());
      store.put(Bucket.DERIVED, key, Files.readAllBytes(first.cases().get(i).tensorFile()), "application/octet-stream");
      tensorKeys.add(key);
    }
    Map<String, Integer> referenceIndex = new HashMap<>();
    List<EventEnvelope<ImagePreprocessed>> backlog = new ArrayList<>();
    for (int i = 0; i < BACKLOG; i++) {
      String caseId = caseId(BACKLOG_FIRST_CASE + i);
      referenceIndex.put(caseId, i % tensorKeys.size());
      backlog.add(preprocessedAt(caseId, tensorKeys.get(i % tensorKeys.size())));
    }

    double duplicatesBefore = duplicateCount();

    // when: the third version is promoted while the backlog is being scored, and the first events
    // arrive twice, so that copies meet their originals in batches still in flight
    try (KafkaProducer<String, byte[]> producer = burstProducer()) {
      sendAll(producer, backlog.subList(0, REPEATED));
      sendAll(producer, backlog.subList(0, REPEATED));
      sendAll(producer, backlog.subList(REPEATED, BACKLOG / 4));
      promote(third);
      sendAll(producer, backlog.subList(BACKLOG / 4, BACKLOG));
    }

    // then: every event is scored once, repeated ones too, by the version its score names
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then()
        .body(containsString("\"version\": \"" + THIRD_VERSION + "\"")));
    Map<String, List<ImagingScore>> scoresByCase = new HashMap<>();
    kafka.readUntil(Topics.IMAGING_SCORES, record -> referenceIndex.containsKey(record.key()), BACKLOG, WAIT);
    for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.IMAGING_SCORES,
        record -> referenceIndex.containsKey(record.key()), QUIET)) {
      scoresByCase.computeIfAbsent(record.key(), key -> new ArrayList<>())
          .add(KafkaTestClient.<ImagingScore>decode(EventType.IMAGING_SCORE, record).payload());
    }
    Map<String, TestModels.Generated> versions = Map.of(TestModels.SECOND_VERSION, second, THIRD_VERSION, third);
    for (String caseId : referenceIndex.keySet()) {
      List<ImagingScore> scores = scoresByCase.getOrDefault(caseId, List.of());
      assertEquals(1, scores.size(), "score events for " + caseId);
      ImagingScore score = scores.get(0);
      TestModels.Generated scoredBy = versions.get(score.model().version());
      assertNotNull(scoredBy, caseId + " scored by unexpected version " + score.model().version());
      assertEquals(scoredBy.cases().get(referenceIndex.get(caseId)).probability(), score.probability(),
          SCORE_TOLERANCE, caseId + " scored by " + score.model().version());
    }

    // and: each repeated event was counted as a duplicate once
    assertEquals(REPEATED, duplicateCount() - duplicatesBefore, 0.0, "duplicates counted");

    // and: the first batch on the new version started while earlier batches were unfinished
    String metrics = RestAssured.get("/q/metrics").then().extract().asString();
    Matcher handover = HANDOVER.matcher(metrics);
    assertTrue(handover.find(), "handover to " + THIRD_VERSION + " in the metrics");
    assertTrue(Integer.parseInt(handover.group(1)) >= 1, "batches in flight at the handover: " + handover.group(1));
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/metrics").then()
        .body(containsString("imaging_model_sessions_open 1.0")));

    // and: the committed offset reaches the end of the input topic, so nothing waits for redelivery
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedInfrastructure.get().kafkaBootstrapServers()))) {
      Awaitility.await().atMost(WAIT).untilAsserted(() -> assertEquals(endOffsets(admin), committedOffsets(admin)));
    }
  }

  private static double duplicateCount() {
    Matcher duplicates = DUPLICATES.matcher(RestAssured.get("/q/metrics").then().extract().asString());
    return duplicates.find() ? Double.parseDouble(duplicates.group(1)) : 0;
  }

  private static void promote(TestModels.Generated version) throws Exception {
    ModelPublished promoted = new ModelRegistry(store, Clock.systemUTC())
        .publish(version.modelFile(), version.cardFile(), true);
    kafka.send(Topics.MODELS_PUBLISHED, new EventEnvelope<>(EventIds.ofModel(promoted.modelName(), promoted.version(),
        promoted.action().name()), EventType.MODEL_PUBLISHED, EventEnvelope.sourceOf(Stage.MODEL_REGISTRY), TIME, null,
        promoted.modelName(), promoted));
  }

  private static KafkaProducer<String, byte[]> burstProducer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  /** Sends without waiting for each acknowledgement, so that the events arrive as one backlog. */
  private static void sendAll(KafkaProducer<String, byte[]> producer, List<EventEnvelope<ImagePreprocessed>> events) {
    for (EventEnvelope<ImagePreprocessed> event : events) {
      CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(event);
      producer.send(new ProducerRecord<>(Topics.IMAGE_PREPROCESSED, null, encoded.key(), encoded.value(),
          encoded.headers()));
    }
    producer.flush();
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var partition : admin.describeTopics(List.of(Topics.IMAGE_PREPROCESSED)).allTopicNames().get()
        .get(Topics.IMAGE_PREPROCESSED).partitions()) {
      latest.put(new TopicPartition(Topics.IMAGE_PREPROCESSED, partition.partition()), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private static Map<TopicPartition, Long> committedOffsets(Admin admin) throws Exception {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin.listConsumerGroupOffsets(INPUT_GROUP).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
      if (partition.topic().equals(Topics.IMAGE_PREPROCESSED)) {
        offsets.put(partition, offset.offset());
      }
    });
    return offsets;
  }

  private void sendReference(String caseId, int index) throws Exception {
    TestModels.ReferenceCase reference = first.cases().get(index);
    kafka.send(Topics.IMAGE_PREPROCESSED, preprocessed(caseId, Files.readAllBytes(reference.tensorFile()),
        first.preprocessingHash(), List.of(3, 224, 224)));
  }

  private static ImagingScore scoreFor(String caseId) {
    List<ConsumerRecord<String, byte[]>> scores = kafka.readUntil(Topics.IMAGING_SCORES, KafkaTestClient.keyed(caseId),
        1, WAIT);
    assertEquals(1, scores.size(), "score events for " + caseId);
    EventEnvelope<ImagingScore> event = KafkaTestClient.decode(EventType.IMAGING_SCORE, scores.get(0));
    assertNotNull(event.payload().model());
    return event.payload();
  }

  private static DeadLetter deadLetterFor(String caseId) {
    List<ConsumerRecord<String, byte[]>> letters = kafka.readUntil(Topics.DLQ_IMAGING_INFERENCE,
        KafkaTestClient.keyed(caseId), 1, WAIT);
    assertEquals(1, letters.size(), "dead letters for " + caseId);
    return KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, letters.get(0)).payload();
  }

  /** Stores the tensor bytes under the case's tensor key and builds the event that announces them. */
  static EventEnvelope<ImagePreprocessed> preprocessed(String caseId, byte[] tensor, String hash, List<Integer> shape) {
    String tensorKey = ObjectKeys.tensor(caseId, 1, hash);
    store.put(Bucket.DERIVED, tensorKey, tensor, "application/octet-stream");
    ImagePreprocessed payload = new ImagePreprocessed(1, caseId, 1, tensorKey, null, shape, "float32",
        Map.of("crop", 224), hash, ObjectKeys.image(caseId, 1), TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.PREPROCESS, hash), EventType.IMAGE_PREPROCESSED,
        Stage.PREPROCESS, caseId, payload, TIME);
  }

  /** Builds an event whose tensor key names an object stored before. */
  static EventEnvelope<ImagePreprocessed> preprocessedAt(String caseId, String tensorKey) {
    String hash = first.preprocessingHash();
    ImagePreprocessed payload = new ImagePreprocessed(1, caseId, 1, tensorKey, null, List.of(3, 224, 224), "float32",
        Map.of("crop", 224), hash, ObjectKeys.image(caseId, 1), TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.PREPROCESS, hash), EventType.IMAGE_PREPROCESSED,
        Stage.PREPROCESS, caseId, payload, TIME);
  }

  static String caseId(int number) {
    return String.format("c%032x", 0x1a9000L + number);
  }
}
