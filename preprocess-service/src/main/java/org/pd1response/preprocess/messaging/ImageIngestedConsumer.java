package org.pd1response.preprocess.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.preprocess.model.InvalidModelCardException;
import org.pd1response.preprocess.model.PreprocessingSource;
import org.pd1response.preprocess.storage.CaseObjects;
import org.pd1response.preprocessing.PreprocessedImage;
import org.pd1response.preprocessing.PreprocessingException;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectStore;

/**
 * Turns each image-ingested event into the imaging model's input. It reads the canonical image and
 * its mask from the derived bucket and preprocesses them with the current model's parameters. Then
 * it stores the tensor and a preview under keys that carry the preprocessing hash and publishes an
 * image-preprocessed event. Rejected images go to {@code dlq.preprocess} with the library's code.
 */
@ApplicationScoped
public class ImageIngestedConsumer {

  private static final Logger LOG = Logger.getLogger(ImageIngestedConsumer.class);
  private static final int LEDGER_CACHE_SIZE = 10_000;

  private final StageConsumer<ImageIngested> stage;
  private final EventSender output;
  private final CaseObjects objects;
  private final PreprocessingSource preprocessing;
  private final Clock clock;

  ImageIngestedConsumer(@Channel("image-preprocessed") MutinyEmitter<byte[]> out,
      @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, ObjectStore store,
      PreprocessingSource preprocessing, MeterRegistry meters, Clock clock) {
    this.output = new EventSender(out);
    this.objects = new CaseObjects(store);
    this.preprocessing = preprocessing;
    this.clock = clock;
    this.stage = new StageConsumer<>(Stage.PREPROCESS, EventType.IMAGE_INGESTED,
        new ProcessedEventLedger(store, Stage.PREPROCESS, LEDGER_CACHE_SIZE), new EventSender(deadLetters), meters,
        clock);
  }

  void logParametersAtStart(@Observes StartupEvent start) {
    try {
      preprocessing.current();
    } catch (RuntimeException e) {
      LOG.warnf("Preprocessing parameters could not be resolved at start-up; each event will try again: %s",
          e.getMessage());
    }
  }

  @Incoming("image-ingested")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    stage.handle(record, this::process);
  }

  private void process(EventEnvelope<ImageIngested> event) {
    ImageIngested image = event.payload();
    PreprocessingSource.Choice choice;
    try {
      choice = preprocessing.current();
    } catch (InvalidModelCardException e) {
      throw new RejectedEventException("INVALID_MODEL_CARD", e.getMessage(), e);
    }
    byte[] imageBytes = objects.image(image);
    List<byte[]> masks = objects.masks(image);

    PreprocessedImage result;
    try {
      result = choice.preprocessor().process(imageBytes, masks);
    } catch (PreprocessingException e) {
      throw new RejectedEventException(e.code().name(), e.getMessage(), e);
    }

    CaseObjects.Stored stored = objects.store(image, choice.hash(), result);
    ImagePreprocessed payload = new ImagePreprocessed(1, image.caseId(), image.revision(), stored.tensorKey(),
        stored.previewKey(), result.shape(), "float32", choice.preprocessor().parameters().asMap(), choice.hash(),
        image.imageKey(), clock.instant());
    output.send(EventEnvelope.of(EventIds.of(image.caseId(), image.revision(), Stage.PREPROCESS, choice.hash()),
        EventType.IMAGE_PREPROCESSED, Stage.PREPROCESS, image.caseId(), payload, clock.instant()));
    LOG.debugf("Preprocessed case %s revision %d with %s", image.caseId(), image.revision(), choice.origin());
  }
}
