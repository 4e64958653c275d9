package org.pd1response.imaging.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.imaging.model.ModelManager;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectStore;

/**
 * Follows the model topic so that a promoted imaging model serves without a restart. Every replica
 * must see every event, so each instance consumes with its own group id. The handler reads the
 * current version from the registry instead of trusting the event's order, which makes replays of
 * the compacted topic at start-up harmless.
 */
@ApplicationScoped
public class ModelPublishedConsumer {

  private static final Logger LOG = Logger.getLogger(ModelPublishedConsumer.class);

  private final ModelManager models;
  private final StageConsumer<ModelPublished> stage;

  ModelPublishedConsumer(ModelManager models, @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters,
      ObjectStore store, MeterRegistry meters, Clock clock) {
    this.models = models;
    this.stage = new StageConsumer<>(Stage.IMAGING_INFERENCE, EventType.MODEL_PUBLISHED,
        new ProcessedEventLedger(store, Stage.IMAGING_INFERENCE, 100), new EventSender(deadLetters), meters, clock);
  }

  @Incoming("models-published")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    EventEnvelope<ModelPublished> event;
    try {
      event = CloudEventCodec.decode(EventType.MODEL_PUBLISHED, record.key(), record.headers(), record.value());
    } catch (InvalidEventException e) {
      stage.deadLetter(record, e.code().name(), e.getMessage());
      return;
    }
    ModelPublished published = event.payload();
    if (published.kind() != ModelPublished.ModelKind.IMAGING || !published.current()) {
      return;
    }
    LOG.infof("Model %s %s was promoted; checking the registry's current version", published.modelName(),
        published.version());
    models.onModelPublished(published.modelName());
  }
}
