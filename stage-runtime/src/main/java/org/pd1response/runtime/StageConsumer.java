package org.pd1response.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.DeadLetter;

/**
 * Runs one stage's processing for one Kafka record: decode and validate the event, skip it when
 * its id was already processed, process it, record it as processed. Anything that cannot be
 * processed (an invalid record, a rejected event, an unexpected error) becomes a dead-letter
 * record with a specific reason, and the consumer goes on with the next record.
 *
 * <p>The processor sends its own output events through {@link EventSender}, which waits for the
 * broker's acknowledgement; only then is the input marked processed and its offset acknowledged.
 */
public final class StageConsumer<I extends Record> {

  /** What happened to one record; also the {@code outcome} tag of the event counter. */
  public enum Outcome {
    PROCESSED,
    DUPLICATE,
    DEAD_LETTERED
  }

  /** A stage's work on one decoded event. */
  @FunctionalInterface
  public interface EventProcessor<I extends Record> {
    void process(EventEnvelope<I> event);
  }

  private static final Logger LOG = Logger.getLogger(StageConsumer.class);

  private final Stage stage;
  private final EventType inputType;
  private final ProcessedEventLedger ledger;
  private final EventSender deadLetters;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Timer processingTimer;

  public StageConsumer(Stage stage, EventType inputType, ProcessedEventLedger ledger, EventSender deadLetters,
      MeterRegistry meters, Clock clock) {
    this.stage = stage;
    this.inputType = inputType;
    this.ledger = ledger;
    this.deadLetters = deadLetters;
    this.meters = meters;
    this.clock = clock;
    this.processingTimer = Timer.builder("pipeline.stage.processing")
        .description("Time to process one event, from decoding to acknowledged outputs")
        .tag("stage", stage.slug())
        .publishPercentileHistogram()
        .register(meters);
  }

  public Outcome handle(ConsumerRecord<String, byte[]> record, EventProcessor<I> processor) {
    Timer.Sample sample = Timer.start(meters);
    EventEnvelope<I> event;
    try {
      event = CloudEventCodec.decode(inputType, record.key(), record.headers(), record.value());
    } catch (InvalidEventException e) {
      return deadLetter(record, e.code().name(), e.getMessage());
    }
    if (ledger.isProcessed(event.id())) {
      LOG.debugf("Skipping duplicate %s event %s for case %s", inputType.slug(), event.id(), event.subject());
      count(Outcome.DUPLICATE, "none");
      return Outcome.DUPLICATE;
    }
    try {
      processor.process(event);
    } catch (RejectedEventException e) {
      return deadLetter(record, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "Processing %s event %s for case %s failed unexpectedly; sending it to %s",
          inputType.slug(), event.id(), event.subject(), org.pd1response.contracts.Topics.deadLetterTopic(stage));
      return deadLetter(record, "PROCESSING_FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    ledger.markProcessed(event.id());
    sample.stop(processingTimer);
    count(Outcome.PROCESSED, "none");
    LOG.debugf("Processed %s event %s for case %s", inputType.slug(), event.id(), event.subject());
    return Outcome.PROCESSED;
  }

  /**
   * Sends one record to the stage's dead-letter topic with a code and reason, waiting for the
   * broker's acknowledgement. {@link #handle} calls it for each failure; batch consumers that
   * validate records outside {@link #handle} call it directly.
   */
  public Outcome deadLetter(ConsumerRecord<String, byte[]> record, String code, String reason) {
    DeadLetter letter = new DeadLetter(1, stage, code, reason, record.topic(), record.partition(), record.offset(),
        record.key(), Base64.getEncoder().encodeToString(record.value() == null ? new byte[0] : record.value()),
        CloudEventCodec.headersAsText(record.headers()), clock.instant());
    String id = UUID.nameUUIDFromBytes(("dead-letter|" + record.topic() + "|" + record.partition() + "|" + record.offset())
        .getBytes(StandardCharsets.UTF_8)).toString();
    deadLetters.send(new EventEnvelope<>(id, EventType.DEAD_LETTER, EventEnvelope.sourceOf(stage), clock.instant(),
        record.key(), record.key(), letter));
    count(Outcome.DEAD_LETTERED, code);
    LOG.warnf("Dead-lettered record %s-%d@%d (key %s): %s %s", record.topic(), record.partition(), record.offset(),
        record.key(), code, reason);
    return Outcome.DEAD_LETTERED;
  }

  private void count(Outcome outcome, String errorCode) {
    meters.counter("pipeline.events", "stage", stage.slug(), "outcome", outcome.name().toLowerCase(),
        "error_code", errorCode).increment();
  }
}
