package org.pd1response.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.ImageIngested;

class CloudEventCodecTest {

  private static final long RANDOM_SEED = 42L;

  @Test
  void roundTripKeepsPayloadAndAttributes() {
    EventEnvelope<ImageIngested> original = TestEvents.imageEnvelope();

    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(original);
    EventEnvelope<ImageIngested> decoded =
        CloudEventCodec.decode(EventType.IMAGE_INGESTED, encoded.key(), encoded.headers(), encoded.value());

    assertEquals(original.payload(), decoded.payload());
    assertEquals(original.id(), decoded.id());
    assertEquals("/pd1response/ingest", decoded.source());
    assertEquals(TestEvents.TIME, decoded.time());
    assertEquals(TestEvents.CASE_ID, decoded.subject());
    assertEquals("org.pd1response.image-ingested.v1", CloudEventCodec.header(encoded.headers(), "ce_type"));
    assertEquals("1.0", CloudEventCodec.header(encoded.headers(), "ce_specversion"));
    assertEquals("application/json", CloudEventCodec.header(encoded.headers(), "content-type"));
  }

  @Test
  void randomBytesAreRejectedAsInvalidJson() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());
    byte[] garbage = new byte[64];
    new Random(RANDOM_SEED).nextBytes(garbage);

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_INGESTED, encoded.key(), encoded.headers(), garbage));

    assertEquals(InvalidEventException.Code.INVALID_JSON, error.code());
  }

  @Test
  void truncatedJsonIsRejectedAsInvalidJson() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());
    byte[] truncated = java.util.Arrays.copyOf(encoded.value(), encoded.value().length / 2);

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_INGESTED, encoded.key(), encoded.headers(), truncated));

    assertEquals(InvalidEventException.Code.INVALID_JSON, error.code());
  }

  @Test
  void wrongSchemaVersionIsRejectedWithBothVersions() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());
    String json = new String(encoded.value(), StandardCharsets.UTF_8).replace("\"schemaVersion\":1", "\"schemaVersion\":7");

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_INGESTED, encoded.key(), encoded.headers(),
            json.getBytes(StandardCharsets.UTF_8)));

    assertEquals(InvalidEventException.Code.UNSUPPORTED_SCHEMA_VERSION, error.code());
    assertTrue(error.getMessage().contains("must be 1, found 7"), error.getMessage());
  }

  @Test
  void schemaViolationNamesTheField() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());
    String json = new String(encoded.value(), StandardCharsets.UTF_8).replace("\"width\":500", "\"width\":-3");

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_INGESTED, encoded.key(), encoded.headers(),
            json.getBytes(StandardCharsets.UTF_8)));

    assertEquals(InvalidEventException.Code.SCHEMA_VIOLATION, error.code());
    assertTrue(error.getMessage().contains("width"), error.getMessage());
  }

  @Test
  void missingTypeHeaderIsRejected() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());
    Headers headers = new RecordHeaders(encoded.headers().toArray());
    headers.remove("ce_type");

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_INGESTED, encoded.key(), headers, encoded.value()));

    assertEquals(InvalidEventException.Code.MISSING_HEADER, error.code());
    assertTrue(error.getMessage().contains("ce_type"), error.getMessage());
  }

  @Test
  void eventOfAnotherTypeIsRejected() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_PREPROCESSED, encoded.key(), encoded.headers(), encoded.value()));

    assertEquals(InvalidEventException.Code.UNEXPECTED_TYPE, error.code());
  }

  @Test
  void keyDifferentFromCaseIdIsRejected() {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(TestEvents.imageEnvelope());

    InvalidEventException error = assertThrows(InvalidEventException.class,
        () -> CloudEventCodec.decode(EventType.IMAGE_INGESTED, "another-key", encoded.headers(), encoded.value()));

    assertEquals(InvalidEventException.Code.KEY_MISMATCH, error.code());
  }

  @Test
  void encodingAnInvalidPayloadFails() {
    ImageIngested valid = TestEvents.imageIngested();
    ImageIngested invalid = new ImageIngested(1, "not-a-case-id", valid.revision(), valid.source(),
        valid.imageKey(), valid.maskKey(), valid.originalKey(), valid.roiSource(), 1, 500, 400, 1,
        null, null, null, TestEvents.TIME);
    EventEnvelope<ImageIngested> envelope = EventEnvelope.of("id", EventType.IMAGE_INGESTED,
        Stage.INGEST, "not-a-case-id", invalid, TestEvents.TIME);

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.encode(envelope));

    assertTrue(error.getMessage().contains("caseId"), error.getMessage());
  }

  @Test
  void clinicalRecordWithNullValueRoundTrips() {
    EventEnvelope<org.pd1response.contracts.events.ClinicalRecordIngested> envelope = EventEnvelope.of(
        "id-1", EventType.CLINICAL_RECORD_INGESTED, Stage.INGEST, TestEvents.CASE_ID,
        TestEvents.clinicalRecord(), TestEvents.TIME);

    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(envelope);
    EventEnvelope<org.pd1response.contracts.events.ClinicalRecordIngested> decoded = CloudEventCodec.decode(
        EventType.CLINICAL_RECORD_INGESTED, encoded.key(), encoded.headers(), encoded.value());

    assertEquals(TestEvents.clinicalRecord(), decoded.payload());
  }
}
