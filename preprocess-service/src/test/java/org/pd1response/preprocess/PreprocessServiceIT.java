package org.pd1response.preprocess;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.preprocessing.cohort.CohortCommand;
import org.pd1response.preprocessing.cohort.CsvListing;
import org.pd1response.preprocessing.tensor.NpyFormat;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.PipelineTestResource;
import org.pd1response.testsupport.SharedData;

@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class PreprocessServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration QUIET = Duration.ofSeconds(3);
  static final long RANDOM_SEED = 7L;
  static final String COHORT_KEY = "preprocess-service-cohort-key-0123456789";
  static final PreprocessingParameters DEFAULTS = PreprocessingParameters.defaults();

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
  void writesTensorPreviewAndEvent() throws Exception {
    // given
    String caseId = IngestedCases.caseId("round-trip");
    EventEnvelope<ImageIngested> event = IngestedCases.store(store, caseId, TestImages.image(1),
        TestImages.mask(TestImages.WIDTH, TestImages.HEIGHT), TestImages.WIDTH, TestImages.HEIGHT);

    // when
    kafka.send(Topics.IMAGE_INGESTED, event);
    ImagePreprocessed output = outputFor(caseId);

    // then
    assertEquals(DEFAULTS.sha256(), output.preprocessingHash());
    assertEquals(ObjectKeys.tensor(caseId, 1, DEFAULTS.sha256()), output.tensorKey());
    assertEquals(ObjectKeys.preview(caseId, 1, DEFAULTS.sha256()), output.previewKey());
    assertEquals(List.of(3, 224, 224), output.shape());
    assertEquals(DEFAULTS.asMap(), output.preprocessing());
    NpyFormat.NpyArray tensor = NpyFormat.read(store.get(Bucket.DERIVED, output.tensorKey()).content());
    assertEquals(List.of(3, 224, 224), tensor.shape());
    byte[] preview = store.get(Bucket.DERIVED, output.previewKey()).content();
    try (BytePointer data = new BytePointer(preview);
        Mat buffer = new Mat(1, preview.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
        Mat decoded = imdecode(buffer, IMREAD_UNCHANGED)) {
      assertEquals(224, decoded.cols(), "preview width");
      assertEquals(224, decoded.rows(), "preview height");
      assertEquals(3, decoded.channels(), "preview channels");
    }
  }

  @Test
  void sameEventTwiceGivesOneOutput() {
    // given
    String caseId = IngestedCases.caseId("twice");
    EventEnvelope<ImageIngested> event = IngestedCases.store(store, caseId, TestImages.image(2),
        TestImages.mask(TestImages.WIDTH, TestImages.HEIGHT), TestImages.WIDTH, TestImages.HEIGHT);

    // when
    kafka.send(Topics.IMAGE_INGESTED, event);
    kafka.send(Topics.IMAGE_INGESTED, event);
    kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), 1, WAIT);
    List<ConsumerRecord<String, byte[]>> outputs =
        kafka.readAll(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), QUIET);

    // then
    assertEquals(1, outputs.size());
  }

  @Test
  void poisonRecordsAreDeadLettered() {
    // given
    String randomKey = IngestedCases.caseId("poison-random");
    String truncatedKey = IngestedCases.caseId("poison-truncated");
    String versionKey = IngestedCases.caseId("poison-version");
    String nextKey = IngestedCases.caseId("after-poison");
    byte[] random = new byte[80];
    new Random(RANDOM_SEED).nextBytes(random);
    CloudEventCodec.EncodedEvent truncated = CloudEventCodec.encode(
        IngestedCases.event(truncatedKey, ObjectKeys.image(truncatedKey, 1), null, 300, 300));
    CloudEventCodec.EncodedEvent forVersion = CloudEventCodec.encode(
        IngestedCases.event(versionKey, ObjectKeys.image(versionKey, 1), null, 300, 300));
    byte[] wrongVersion = new String(forVersion.value(), StandardCharsets.UTF_8)
        .replace("\"schemaVersion\":1", "\"schemaVersion\":2").getBytes(StandardCharsets.UTF_8);
    EventEnvelope<ImageIngested> next = IngestedCases.store(store, nextKey, TestImages.image(3),
        TestImages.mask(TestImages.WIDTH, TestImages.HEIGHT), TestImages.WIDTH, TestImages.HEIGHT);

    // when
    kafka.sendRaw(Topics.IMAGE_INGESTED, randomKey, random, copy(truncated.headers()));
    kafka.sendRaw(Topics.IMAGE_INGESTED, truncatedKey, Arrays.copyOf(truncated.value(), 40), copy(truncated.headers()));
    kafka.sendRaw(Topics.IMAGE_INGESTED, versionKey, wrongVersion, copy(forVersion.headers()));
    kafka.send(Topics.IMAGE_INGESTED, next);

    // then
    assertEquals("INVALID_JSON", deadLetterFor(randomKey).errorCode());
    assertEquals("INVALID_JSON", deadLetterFor(truncatedKey).errorCode());
    DeadLetter version = deadLetterFor(versionKey);
    assertEquals("UNSUPPORTED_SCHEMA_VERSION", version.errorCode());
    assertTrue(version.reason().contains("must be 1, found 2"), version.reason());
    assertEquals(DEFAULTS.sha256(), outputFor(nextKey).preprocessingHash());
  }

  @Test
  void rejectsMaskOfOtherSize() {
    // given
    String caseId = IngestedCases.caseId("mask-size");
    EventEnvelope<ImageIngested> event = IngestedCases.store(store, caseId, TestImages.image(4),
        TestImages.mask(TestImages.WIDTH + 1, TestImages.HEIGHT), TestImages.WIDTH, TestImages.HEIGHT);

    // when
    kafka.send(Topics.IMAGE_INGESTED, event);

    // then
    DeadLetter letter = deadLetterFor(caseId);
    assertEquals("MASK_SIZE_MISMATCH", letter.errorCode());
    assertEquals("mask size must equal the image size 200 x 160, found 201 x 160", letter.reason());
  }

  @Test
  void rejectsImageWithoutRoi() {
    // given
    String caseId = IngestedCases.caseId("no-roi");
    EventEnvelope<ImageIngested> event = IngestedCases.store(store, caseId, TestImages.image(5), null,
        TestImages.WIDTH, TestImages.HEIGHT);

    // when
    kafka.send(Topics.IMAGE_INGESTED, event);

    // then
    DeadLetter letter = deadLetterFor(caseId);
    assertEquals("EMPTY_MASK", letter.errorCode());
    assertEquals("an ROI is required for overlay mode BLANK, found no mask", letter.reason());
  }

  @Test
  void rejectsMissingImageObject() {
    // given
    String caseId = IngestedCases.caseId("missing-image");
    EventEnvelope<ImageIngested> event =
        IngestedCases.event(caseId, ObjectKeys.image(caseId, 1), null, TestImages.WIDTH, TestImages.HEIGHT);

    // when
    kafka.send(Topics.IMAGE_INGESTED, event);

    // then
    DeadLetter letter = deadLetterFor(caseId);
    assertEquals("OBJECT_NOT_FOUND", letter.errorCode());
    assertTrue(letter.reason().contains("imageKey must name an object"), letter.reason());
  }

  @Test
  void tensorEqualsCohortTensorForGeneratedImage() throws Exception {
    // given
    Path root = Files.createDirectories(work.resolve("generated"));
    Files.write(root.resolve("image.png"), TestImages.image(6));
    Files.write(root.resolve("mask.png"), TestImages.mask(TestImages.WIDTH, TestImages.HEIGHT));

    // when
    byte[] cohortTensor = cohortTensor(root, "image.png", "mask.png");
    byte[] serviceTensor = serviceTensor("generated", root.resolve("image.png"), root.resolve("mask.png"));

    // then
    assertArrayEquals(cohortTensor, serviceTensor);
  }

  @Test
  void tensorEqualsCohortTensorForRealBusiImage() throws Exception {
    // given
    Path busi = SharedData.require().resolve("busi");
    String image = "malignant/images/malignant (10).png";
    String mask = "malignant/masks/malignant (10)_mask.png";

    // when
    byte[] cohortTensor = cohortTensor(busi, image, mask);
    byte[] serviceTensor = serviceTensor("busi-malignant-10", busi.resolve(image), busi.resolve(mask));

    // then
    assertArrayEquals(cohortTensor, serviceTensor);
  }

  /** Runs the cohort command on one listed image and returns the tensor file's bytes. */
  private byte[] cohortTensor(Path root, String image, String mask) throws Exception {
    Path listing = work.resolve("listing.csv");
    Files.writeString(listing, "image,mask,label\n\"" + image + "\",\"" + mask + "\",1\n");
    Path output = work.resolve("cohort-" + System.nanoTime());
    Map<String, String> options = new HashMap<>(Map.of("input", root.toString(), "output", output.toString(),
        "layout", "csv", "listing", listing.toString(), "threads", "1"));
    CohortCommand.run(options, COHORT_KEY);
    List<String> manifest = Files.readAllLines(output.resolve("manifest.csv"));
    assertEquals(2, manifest.size(), "one image in the manifest");
    return Files.readAllBytes(output.resolve(CsvListing.parseLine(manifest.get(1)).get(6)));
  }

  /** Sends the same image and mask through the service and returns the stored tensor's bytes. */
  private byte[] serviceTensor(String name, Path image, Path mask) throws Exception {
    String caseId = IngestedCases.caseId(name);
    EventEnvelope<ImageIngested> event = IngestedCases.store(store, caseId, Files.readAllBytes(image),
        Files.readAllBytes(mask), 500, 500);
    kafka.send(Topics.IMAGE_INGESTED, event);
    return store.get(Bucket.DERIVED, outputFor(caseId).tensorKey()).content();
  }

  private static ImagePreprocessed outputFor(String caseId) {
    List<ConsumerRecord<String, byte[]>> outputs =
        kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), 1, WAIT);
    assertEquals(1, outputs.size(), "image-preprocessed events for " + caseId);
    return KafkaTestClient.<ImagePreprocessed>decode(EventType.IMAGE_PREPROCESSED, outputs.get(0)).payload();
  }

  private static DeadLetter deadLetterFor(String key) {
    List<ConsumerRecord<String, byte[]>> letters =
        kafka.readUntil(Topics.DLQ_PREPROCESS, KafkaTestClient.keyed(key), 1, WAIT);
    assertEquals(1, letters.size(), "dead letters for " + key);
    return KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, letters.get(0)).payload();
  }

  private static Headers copy(Headers headers) {
    return new RecordHeaders(headers.toArray());
  }
}
