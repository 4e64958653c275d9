package org.pd1response.runtime;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.PipelineTestResource;

@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class StageConsumerIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration QUIET = Duration.ofSeconds(3);
  static final Instant TIME = Instant.parse("2026-04-01T12:00:00Z");
  static final long RANDOM_SEED = 7L;

  static KafkaTestClient kafka;

  @BeforeAll
  static void connect() {
    kafka = KafkaTestClient.forSharedInfrastructure();
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void validEventProducesOneOutput() {
    String caseId = caseId(1);
    kafka.send(Topics.IMAGE_INGESTED, imageEvent(caseId, 500));

    List<ConsumerRecord<String, byte[]>> outputs = kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), 1, WAIT);

    assertEquals(1, outputs.size());
    assertEquals(caseId, KafkaTestClient.decode(EventType.IMAGE_PREPROCESSED, outputs.get(0)).subject());
  }

  @Test
  void traceContextCrossesTheStage() {
    String caseId = caseId(8);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    CloudEventCodec.EncodedEvent input = CloudEventCodec.encode(imageEvent(caseId, 500));
    Headers headers = copy(input.headers());
    headers.add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

    kafka.sendRaw(Topics.IMAGE_INGESTED, caseId, input.value(), headers);

    List<ConsumerRecord<String, byte[]>> outputs = kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), 1, WAIT);
    assertEquals(1, outputs.size());
    String traceparent = CloudEventCodec.header(outputs.get(0).headers(), "traceparent");
    assertNotNull(traceparent, "traceparent header of the output");
    assertTrue(traceparent.startsWith("00-" + traceId + "-"), "traceparent " + traceparent);
  }

  @Test
  void redeliveredEventHasOneDownstreamEffect() {
    String caseId = caseId(2);
    EventEnvelope<ImageIngested> event = imageEvent(caseId, 500);

    kafka.send(Topics.IMAGE_INGESTED, event);
    kafka.send(Topics.IMAGE_INGESTED, event);
    kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), 1, WAIT);
    List<ConsumerRecord<String, byte[]>> outputs = kafka.readAll(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(caseId), QUIET);

    assertEquals(1, outputs.size());
  }

  @Test
  void poisonMessagesAreDeadLettered() {
    String randomKey = caseId(3);
    String truncatedKey = caseId(4);
    String versionKey = caseId(5);
    String nextKey = caseId(6);
    CloudEventCodec.EncodedEvent valid = CloudEventCodec.encode(imageEvent(truncatedKey, 500));
    byte[] random = new byte[80];
    new Random(RANDOM_SEED).nextBytes(random);
    CloudEventCodec.EncodedEvent forVersion = CloudEventCodec.encode(imageEvent(versionKey, 500));
    byte[] wrongVersion = new String(forVersion.value(), StandardCharsets.UTF_8)
        .replace("\"schemaVersion\":1", "\"schemaVersion\":2").getBytes(StandardCharsets.UTF_8);

    kafka.sendRaw(Topics.IMAGE_INGESTED, randomKey, random, copy(valid.headers()));
    kafka.sendRaw(Topics.IMAGE_INGESTED, truncatedKey, java.util.Arrays.copyOf(valid.value(), 40), copy(valid.headers()));
    kafka.sendRaw(Topics.IMAGE_INGESTED, versionKey, wrongVersion, copy(forVersion.headers()));
    kafka.send(Topics.IMAGE_INGESTED, imageEvent(nextKey, 500));

    assertEquals("INVALID_JSON", deadLetterFor(randomKey).errorCode());
    assertEquals("INVALID_JSON", deadLetterFor(truncatedKey).errorCode());
    DeadLetter version = deadLetterFor(versionKey);
    assertEquals("UNSUPPORTED_SCHEMA_VERSION", version.errorCode());
    assertTrue(version.reason().contains("must be 1, found 2"), version.reason());
    assertEquals(Topics.IMAGE_INGESTED, version.sourceTopic());
    assertEquals(Stage.PREPROCESS, version.failedStage());
    assertEquals("org.pd1response.image-ingested.v1", version.originalHeaders().get("ce_type"));
    assertEquals(1, kafka.readUntil(Topics.IMAGE_PREPROCESSED, KafkaTestClient.keyed(nextKey), 1, WAIT).size());
  }

  @Test
  void rejectedEventCarriesFieldAndValue() {
    String caseId = caseId(7);

    kafka.send(Topics.IMAGE_INGESTED, imageEvent(caseId, 12));

    DeadLetter letter = deadLetterFor(caseId);
    assertEquals("IMAGE_TOO_SMALL", letter.errorCode());
    assertEquals("width must be at least 64 pixels, found 12", letter.reason());
  }

  @Test
  void healthAndMetricsEndpointsAnswer() {
    RestAssured.get("/q/health/ready").then().statusCode(200).body(containsString("object-store"));
    RestAssured.get("/q/health/live").then().statusCode(200);
    RestAssured.get("/q/metrics").then().statusCode(200).body(containsString("pipeline_events_total"));
  }

  private static DeadLetter deadLetterFor(String key) {
    List<ConsumerRecord<String, byte[]>> letters = kafka.readUntil(Topics.DLQ_PREPROCESS, KafkaTestClient.keyed(key), 1, WAIT);
    assertEquals(1, letters.size(), "dead letters for " + key);
    return KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, letters.get(0)).payload();
  }

  private static Headers copy(Headers headers) {
    return new RecordHeaders(headers.toArray());
  }

  private static String caseId(int number) {
    return String.format("c%032x", 0xabc000L + number);
  }

  private static EventEnvelope<ImageIngested> imageEvent(String caseId, int width) {
    ImageIngested payload = new ImageIngested(1, caseId, 1, ImageIngested.CaseSource.RESEARCH,
        "cases/" + caseId + "/r1/image.png", null, "cases/" + caseId + "/r1/original/image.png",
        ImageIngested.RoiSource.NONE, 1, width, 400, 1, null, "plumbing", null, TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.INGEST, EventIds.NO_MODEL), EventType.IMAGE_INGESTED,
        Stage.INGEST, caseId, payload, TIME);
  }
}
