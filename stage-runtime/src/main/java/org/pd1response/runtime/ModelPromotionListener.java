package org.pd1response.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.storage.ObjectStore;

/**
 * Handles records of the model topic for a service that serves one kind of model: an invalid record
 * becomes a dead letter, and a model of that kind made current is passed on by name. Duplicates are
 * not skipped, because every replica must act on every promotion and the service reads the current
 * version from the registry rather than from the event.
 */
public final class ModelPromotionListener {

  private static final Logger LOG = Logger.getLogger(ModelPromotionListener.class);

  private final ModelPublished.ModelKind kind;
  private final Consumer<String> onPromoted;
  private final StageConsumer<ModelPublished> deadLetters;

  /**
   * @param onPromoted called with the model name when a model of {@code kind} becomes current
   */
  public ModelPromotionListener(Stage stage, ModelPublished.ModelKind kind, Consumer<String> onPromoted,
      EventSender deadLetters, ObjectStore store, MeterRegistry meters, Clock clock) {
    this.kind = kind;
    this.onPromoted = onPromoted;
    this.deadLetters = new StageConsumer<>(stage, EventType.MODEL_PUBLISHED,
        new ProcessedEventLedger(store, stage, 100), deadLetters, meters, clock);
  }

  public void handle(ConsumerRecord<String, byte[]> record) {
    EventEnvelope<ModelPublished> event;
    try {
      event = CloudEventCodec.decode(EventType.MODEL_PUBLISHED, record.key(), record.headers(), record.value());
    } catch (InvalidEventException e) {
      deadLetters.deadLetter(record, e.code().name(), e.getMessage());
      return;
    }
    ModelPublished published = event.payload();
    if (published.kind() != kind || !published.current()) {
      return;
    }
    LOG.infof("Model %s %s was promoted; checking the registry's current version", published.modelName(),
        published.version());
    onPromoted.accept(published.modelName());
  }
}
