package org.pd1response.imaging.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;

/**
 * Sends the score events of one batch together, in CloudEvents binary mode, and waits until the
 * broker has acknowledged all of them. Sending them one by one would cost one broker round trip
 * per image.
 */
final class ScoreSender {

  private final MutinyEmitter<byte[]> emitter;
  private final Duration timeout;

  ScoreSender(MutinyEmitter<byte[]> emitter, Duration timeout) {
    this.emitter = emitter;
    this.timeout = timeout;
  }

  /** Sends every event and returns once all are acknowledged; throws when any send fails or times out. */
  void sendAll(List<EventEnvelope<?>> events) {
    if (events.isEmpty()) {
      return;
    }
    List<Uni<Void>> sends = new ArrayList<>(events.size());
    for (EventEnvelope<?> event : events) {
      CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(event);
      OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
          .withKey(encoded.key())
          .withHeaders(encoded.headers())
          .build();
      sends.add(emitter.sendMessage(Message.of(encoded.value()).addMetadata(metadata)));
    }
    Uni.join().all(sends).andCollectFailures().await().atMost(timeout);
  }
}
