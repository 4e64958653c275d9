package org.pd1response.contracts;

import java.time.Instant;

/**
 * A CloudEvents 1.0 event of the pipeline: its context attributes and its typed payload.
 *
 * @param id deterministic event id from {@link EventIds}
 * @param source URI reference of the producing service, such as {@code /pd1response/ingest}
 * @param subject case id the event is about; null for events about no case (model published)
 * @param key Kafka record key
 */
public record EventEnvelope<T extends Record>(
    String id, EventType type, String source, Instant time, String subject, String key, T payload) {

  /** Builds an envelope whose source names the producing stage and whose key is the subject. */
  public static <T extends Record> EventEnvelope<T> of(
      String id, EventType type, Stage producer, String caseId, T payload, Instant time) {
    return new EventEnvelope<>(id, type, sourceOf(producer), time, caseId, caseId, payload);
  }

  /** CloudEvents source of the given stage. */
  public static String sourceOf(Stage stage) {
    return "/pd1response/" + stage.slug();
  }

  /** Payload cast to the expected class. */
  public <P extends Record> P payloadAs(Class<P> expected) {
    return expected.cast(payload);
  }
}
