package org.pd1response.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Encodes and decodes events in the CloudEvents 1.0 Kafka protocol binding, binary content mode:
 * context attributes travel as {@code ce_*} headers, the JSON payload is the record value and the
 * record key is the case id. Binary mode keeps payloads plain JSON, so consumers that know nothing
 * of CloudEvents (dashboards, ksql, kcat) can still read them.
 *
 * <p>Decoding checks, in order: the required headers, the event type, that the value is JSON,
 * the payload's schema version, the JSON Schema, and that the key equals the payload's case id.
 */
public final class CloudEventCodec {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  public static final String H_SPECVERSION = "ce_specversion";
  public static final String H_ID = "ce_id";
  public static final String H_SOURCE = "ce_source";
  public static final String H_TYPE = "ce_type";
  public static final String H_TIME = "ce_time";
  public static final String H_SUBJECT = "ce_subject";
  public static final String H_DATASCHEMA = "ce_dataschema";
  public static final String H_CONTENT_TYPE = "content-type";

  private static final List<String> REQUIRED_HEADERS = List.of(H_SPECVERSION, H_ID, H_SOURCE, H_TYPE);

  private CloudEventCodec() {}

  /** A Kafka record ready to send: key, value and headers. */
  public record EncodedEvent(String key, byte[] value, Headers headers) {}

  /** Serialises an event; the payload is validated first so that no invalid event is produced. */
  public static EncodedEvent encode(EventEnvelope<?> event) {
    JsonNode payload = EventJson.mapper().valueToTree(event.payload());
    List<String> violations = EventSchemas.violations(event.type(), payload);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          "refusing to produce an invalid " + event.type().slug() + " event: " + violations);
    }
    Headers headers = new RecordHeaders();
    put(headers, H_SPECVERSION, SPEC_VERSION);
    put(headers, H_ID, event.id());
    put(headers, H_SOURCE, event.source());
    put(headers, H_TYPE, event.type().cloudEventType());
    put(headers, H_TIME, event.time().toString());
    put(headers, H_DATASCHEMA, event.type().dataSchemaUri());
    put(headers, H_CONTENT_TYPE, CONTENT_TYPE);
    if (event.subject() != null) {
      put(headers, H_SUBJECT, event.subject());
    }
    try {
      return new EncodedEvent(event.key(), EventJson.mapper().writeValueAsBytes(payload), headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + event.type().slug() + " payload", e);
    }
  }

  /**
   * Decodes and validates a record as an event of the expected type.
   *
   * @throws InvalidEventException naming the reason when the record is not a valid event
   */
  @SuppressWarnings("unchecked")
  public static <T extends Record> EventEnvelope<T> decode(
      EventType expected, String key, Headers headers, byte[] value) {
    for (String name : REQUIRED_HEADERS) {
      if (header(headers, name) == null) {
        throw new InvalidEventException(
            InvalidEventException.Code.MISSING_HEADER,
            "header " + name + " is required by the CloudEvents binary mode, found none");
      }
    }
    String specVersion = header(headers, H_SPECVERSION);
    if (!SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEventException(
          InvalidEventException.Code.MISSING_HEADER,
          H_SPECVERSION + " must be " + SPEC_VERSION + ", found '" + specVersion + "'");
    }
    EventType type = EventType.fromCloudEventType(header(headers, H_TYPE));
    if (type != expected) {
      throw new InvalidEventException(
          InvalidEventException.Code.UNEXPECTED_TYPE,
          "ce_type must be " + expected.cloudEventType() + " on this topic, found " + type.cloudEventType());
    }
    JsonNode payload = parse(type, value);
    checkSchemaVersion(type, payload);
    List<String> violations = EventSchemas.violations(type, payload);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(
          InvalidEventException.Code.SCHEMA_VIOLATION,
          type.slug() + " payload violates its schema: " + String.join("; ", violations));
    }
    T typed;
    try {
      typed = (T) EventJson.mapper().treeToValue(payload, type.payloadClass());
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          InvalidEventException.Code.SCHEMA_VIOLATION,
          type.slug() + " payload cannot be mapped: " + e.getOriginalMessage(),
          e);
    }
    JsonNode caseId = payload.get("caseId");
    if (caseId != null && !caseId.asText().equals(key)) {
      throw new InvalidEventException(
          InvalidEventException.Code.KEY_MISMATCH,
          "record key must equal the payload's caseId '" + caseId.asText() + "', found '" + key + "'");
    }
    return new EventEnvelope<>(
        header(headers, H_ID),
        type,
        header(headers, H_SOURCE),
        parseTime(header(headers, H_TIME)),
        header(headers, H_SUBJECT),
        key,
        typed);
  }

  /** Reads a header as UTF-8 text; the last value wins when a header repeats. Null when absent. */
  public static String header(Headers headers, String name) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Copies headers into a map of text values, for dead-letter records and logs. */
  public static Map<String, String> headersAsText(Headers headers) {
    Map<String, String> map = new LinkedHashMap<>();
    if (headers != null) {
      for (Header header : headers) {
        map.put(
            header.key(),
            header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return map;
  }

  private static JsonNode parse(EventType type, byte[] value) {
    if (value == null || value.length == 0) {
      throw new InvalidEventException(
          InvalidEventException.Code.INVALID_JSON,
          type.slug() + " payload must be a JSON object, found an empty record value");
    }
    JsonNode node;
    try {
      node = EventJson.mapper().readTree(value);
    } catch (IOException e) {
      throw new InvalidEventException(
          InvalidEventException.Code.INVALID_JSON,
          type.slug() + " payload is not valid JSON (" + value.length + " bytes): " + firstLine(e.getMessage()),
          e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidEventException(
          InvalidEventException.Code.INVALID_JSON,
          type.slug() + " payload must be a JSON object, found " + (node == null ? "nothing" : node.getNodeType()));
    }
    return node;
  }

  private static void checkSchemaVersion(EventType type, JsonNode payload) {
    JsonNode version = payload.get("schemaVersion");
    if (version == null || !version.isInt() || version.asInt() != type.schemaVersion()) {
      throw new InvalidEventException(
          InvalidEventException.Code.UNSUPPORTED_SCHEMA_VERSION,
          type.slug() + " schemaVersion must be " + type.schemaVersion() + ", found " + version);
    }
  }

  private static Instant parseTime(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          InvalidEventException.Code.MISSING_HEADER,
          H_TIME + " must be an RFC 3339 timestamp, found '" + text + "'",
          e);
    }
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
