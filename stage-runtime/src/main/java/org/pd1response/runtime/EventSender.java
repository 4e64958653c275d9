package org.pd1response.runtime;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;

/**
 * Sends events in CloudEvents binary mode through a SmallRye emitter and waits for the broker's
 * acknowledgement, so that a consumer acknowledges its input only after its output is written.
 * Callers run on worker threads ({@code @Blocking} consumers).
 */
public final class EventSender {

  private final MutinyEmitter<byte[]> emitter;

  public EventSender(MutinyEmitter<byte[]> emitter) {
    this.emitter = emitter;
  }

  public void send(EventEnvelope<?> event) {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(event);
    OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
        .withKey(encoded.key())
        .withHeaders(encoded.headers())
        .build();
    emitter.sendMessageAndAwait(Message.of(encoded.value()).addMetadata(metadata));
  }
}
