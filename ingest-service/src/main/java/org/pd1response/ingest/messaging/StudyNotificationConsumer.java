package org.pd1response.ingest.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.ingest.pacs.StudyIngestor;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectStore;

/**
 * Consumes study notifications (from a PACS router, the webhook or the {@code /changes} poller)
 * and publishes one image-ingested event per new study content. Failures become dead letters on
 * the ingest dead-letter topic with the rejection code, and the consumer goes on.
 */
@ApplicationScoped
public class StudyNotificationConsumer {

  private final StageConsumer<StudyNotification> stage;
  private final EventSender output;
  private final StudyIngestor ingestor;
  private final Clock clock;

  StudyNotificationConsumer(@Channel("image-ingested") MutinyEmitter<byte[]> out,
      @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, StudyIngestor ingestor, ObjectStore store,
      MeterRegistry meters, Clock clock) {
    this.output = new EventSender(out);
    this.ingestor = ingestor;
    this.clock = clock;
    this.stage = new StageConsumer<>(Stage.INGEST, EventType.STUDY_NOTIFICATION,
        new ProcessedEventLedger(store, Stage.INGEST, 10_000), new EventSender(deadLetters), meters, clock);
  }

  @Incoming("study-notifications")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    stage.handle(record, this::process);
  }

  private void process(EventEnvelope<StudyNotification> notification) {
    StudyIngestor.StudyOutcome outcome = ingestor.ingest(notification.payload());
    if (outcome.event().isEmpty()) {
      return;
    }
    ImageIngested event = outcome.event().get();
    output.send(EventEnvelope.of(EventIds.of(event.caseId(), event.revision(), Stage.INGEST, EventIds.NO_MODEL),
        EventType.IMAGE_INGESTED, Stage.INGEST, event.caseId(), event, clock.instant()));
    outcome.afterSend().run();
  }
}
