package org.pd1response.clinical.inference.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.clinical.inference.model.ClinicalModelManager;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ModelPromotionListener;
import org.pd1response.storage.ObjectStore;

/**
 * Follows the model topic so that a promoted clinical model serves without a restart. Every
 * replica must see every event, so each instance consumes with its own group id. The model manager
 * reads the current version from the registry instead of trusting the event's order, so replays of
 * the compacted topic at start-up are harmless.
 */
@ApplicationScoped
public class ModelPublishedConsumer {

  private final ModelPromotionListener listener;

  ModelPublishedConsumer(ClinicalModelManager models, @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters,
      ObjectStore store, MeterRegistry meters, Clock clock) {
    this.listener = new ModelPromotionListener(Stage.CLINICAL_INFERENCE, ModelPublished.ModelKind.CLINICAL,
        models::onModelPublished, new EventSender(deadLetters), store, meters, clock);
  }

  @Incoming("models-published")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    listener.handle(record);
  }
}
