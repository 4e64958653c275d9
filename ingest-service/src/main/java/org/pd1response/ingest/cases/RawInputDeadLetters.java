package org.pd1response.ingest.cases;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.runtime.EventSender;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.Sha256;

/**
 * Dead letters for inputs that are not pipeline events: EMR messages, webhook bodies and REST
 * submissions. They use the same {@link DeadLetter} record as the stage consumers, with one
 * difference: these inputs may carry patient names and ids, so the original bytes go to the
 * originals bucket under {@link ObjectKeys#rejectedInput} and the record carries an empty
 * {@code originalPayloadBase64} and the object key in the header {@value #ORIGINAL_KEY_HEADER}.
 * REST inputs have no topic: their {@code sourceTopic} is {@code rest:<path>} and partition and
 * offset are -1.
 */
@ApplicationScoped
public class RawInputDeadLetters {

  /** Header of the dead letter that names where the original bytes were kept. */
  public static final String ORIGINAL_KEY_HEADER = "pd1-original-key";

  private static final Logger LOG = Logger.getLogger(RawInputDeadLetters.class);

  private final EventSender sender;
  private final ObjectStore store;
  private final MeterRegistry meters;
  private final Clock clock;

  public RawInputDeadLetters(@Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, ObjectStore store,
      MeterRegistry meters, Clock clock) {
    this.sender = new EventSender(deadLetters);
    this.store = store;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Keeps the original in the originals bucket and sends a dead letter for it.
   *
   * @param key case id when known, otherwise null; never a patient identifier
   */
  public void send(String sourceTopic, int partition, long offset, String key, byte[] original,
      Map<String, String> headers, String code, String reason) {
    String sha256 = Sha256.of(original);
    String originalKey = ObjectKeys.rejectedInput(Stage.INGEST, sha256);
    store.putIfAbsent(Bucket.ORIGINALS, originalKey, original, "application/octet-stream");
    Map<String, String> withKey = new LinkedHashMap<>(headers);
    withKey.put(ORIGINAL_KEY_HEADER, originalKey);
    DeadLetter letter = new DeadLetter(1, Stage.INGEST, code, reason, sourceTopic, partition, offset, key, "",
        withKey, clock.instant());
    String id = UUID.nameUUIDFromBytes(("dead-letter|" + sourceTopic + "|" + partition + "|" + offset + "|" + sha256)
        .getBytes(StandardCharsets.UTF_8)).toString();
    sender.send(new EventEnvelope<>(id, EventType.DEAD_LETTER, EventEnvelope.sourceOf(Stage.INGEST), clock.instant(),
        key, key, letter));
    meters.counter("pipeline.events", "stage", Stage.INGEST.slug(), "outcome", "dead_lettered", "error_code", code)
        .increment();
    LOG.warnf("Dead-lettered %s input (original kept as %s): %s %s", sourceTopic, originalKey, code, reason);
  }
}
