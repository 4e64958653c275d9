package org.pd1response.ingest.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.pd1response.ingest.cases.RawInputDeadLetters;
import org.pd1response.ingest.clinical.EmrRecordIngestor;
import org.pd1response.runtime.RejectedEventException;

/**
 * Consumes EMR clinical records: plain JSON messages (not CloudEvents) keyed by the EMR record id.
 * A message that cannot be ingested becomes a dead letter. Its original is kept in the originals
 * bucket because it carries patient identifiers, and the consumer goes on.
 */
@ApplicationScoped
public class EmrRecordConsumer {

  private static final Logger LOG = Logger.getLogger(EmrRecordConsumer.class);

  private final EmrRecordIngestor ingestor;
  private final RawInputDeadLetters deadLetters;

  EmrRecordConsumer(EmrRecordIngestor ingestor, RawInputDeadLetters deadLetters) {
    this.ingestor = ingestor;
    this.deadLetters = deadLetters;
  }

  @Incoming("emr-records")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    byte[] value = record.value() == null ? new byte[0] : record.value();
    try {
      ingestor.ingest(value);
    } catch (RejectedEventException e) {
      deadLetters.send(record.topic(), record.partition(), record.offset(), null, value, headers(record), e.code(),
          e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "Ingesting EMR record %s-%d@%d failed unexpectedly; sending it to the dead-letter topic",
          record.topic(), record.partition(), record.offset());
      deadLetters.send(record.topic(), record.partition(), record.offset(), null, value, headers(record),
          "PROCESSING_FAILED", e.getClass().getSimpleName());
    }
  }

  private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }
}
