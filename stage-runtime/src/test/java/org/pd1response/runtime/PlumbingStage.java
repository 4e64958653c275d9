package org.pd1response.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.storage.ObjectStore;

/**
 * Test stage wired like a real service: it turns each image-ingested event into an
 * image-preprocessed event without touching pixels, and rejects images narrower than
 * {@link #MIN_WIDTH} so that the rejection path can be tested.
 */
@ApplicationScoped
public class PlumbingStage {

  static final int MIN_WIDTH = 64;
  static final String HASH = "0".repeat(64);

  private final StageConsumer<ImageIngested> stage;
  private final EventSender output;
  private final Clock clock;

  PlumbingStage(@Channel("plumbing-output") MutinyEmitter<byte[]> out,
      @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters,
      ObjectStore store, MeterRegistry meters, Clock clock) {
    this.clock = clock;
    this.output = new EventSender(out);
    this.stage = new StageConsumer<>(Stage.PREPROCESS, EventType.IMAGE_INGESTED,
        new ProcessedEventLedger(store, Stage.PREPROCESS, 100), new EventSender(deadLetters), meters, clock);
  }

  @Incoming("plumbing-input")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    stage.handle(record, this::process);
  }

  private void process(EventEnvelope<ImageIngested> event) {
    ImageIngested image = event.payload();
    if (image.width() < MIN_WIDTH) {
      throw new RejectedEventException("IMAGE_TOO_SMALL",
          "width must be at least " + MIN_WIDTH + " pixels, found " + image.width());
    }
    ImagePreprocessed result = new ImagePreprocessed(1, image.caseId(), image.revision(), image.imageKey(), null,
        List.of(3, 224, 224), "float32", Map.of("mode", "plumbing-test"), HASH, image.imageKey(), clock.instant());
    output.send(EventEnvelope.of(EventIds.of(image.caseId(), image.revision(), Stage.PREPROCESS, HASH),
        EventType.IMAGE_PREPROCESSED, Stage.PREPROCESS, image.caseId(), result, clock.instant()));
  }
}
