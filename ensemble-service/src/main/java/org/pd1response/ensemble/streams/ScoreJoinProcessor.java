package org.pd1response.ensemble.streams;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.contracts.events.ModelRef;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.ensemble.decision.CaseState;
import org.pd1response.ensemble.decision.EnsembleDecider;
import org.pd1response.ensemble.decision.ScoreInput;
import org.pd1response.ensemble.model.EnsembleCard;
import org.pd1response.runtime.RejectedEventException;

/**
 * Joins imaging and clinical scores of one case revision and emits predictions.
 *
 * <p>Each score is decoded and validated, dropped when its event id was already processed for the
 * case revision, stored, and handed to {@link EnsembleDecider}. Wall-clock punctuation walks the
 * deadline store, so a case whose second modality never arrives times out even when no other
 * record arrives. Under {@code exactly_once_v2} the predictions, dead letters, store changes and
 * input offsets of one commit are written in one transaction, also when punctuation produced them.
 *
 * <p>Records that are not valid score events, and unexpected failures while handling one, become
 * DeadLetter events on the dead-letter topic, and processing goes on with the next record.
 */
final class ScoreJoinProcessor implements Processor<String, byte[], String, byte[]> {

  /**
   * Distribution of emitted probabilities in tenths, for the dashboard. It is registered in
   * Micrometer's global registry, which Quarkus backs with its Prometheus registry; a processing
   * retry under exactly-once can count a prediction twice, so the figures are approximate.
   */
  private static final DistributionSummary PROBABILITIES = DistributionSummary.builder("pipeline.prediction.probability")
      .description("Probability of response in emitted predictions")
      .serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
      .register(Metrics.globalRegistry);

  private static final Logger LOG = Logger.getLogger(ScoreJoinProcessor.class);

  private static final String TIMEOUT = "timeout";
  private static final String EXPIRY = "expiry";
  private static final String LOWEST_DEADLINE = deadlinePrefix(0);

  private final EnsembleCard card;
  private final JoinSettings settings;
  private final TopicNames topics;
  private final EnsembleDecider decider;

  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, CaseState> cases;
  private KeyValueStore<String, String> deadlines;

  ScoreJoinProcessor(EnsembleCard card, JoinSettings settings, TopicNames topics) {
    this.card = card;
    this.settings = settings;
    this.topics = topics;
    this.decider = new EnsembleDecider(card, settings.policy());
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.cases = context.getStateStore(EnsembleTopology.CASE_STORE);
    this.deadlines = context.getStateStore(EnsembleTopology.DEADLINE_STORE);
    context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow(
        () -> new IllegalStateException("a score record must come from a source topic"));
    long now = context.currentSystemTimeMs();
    try {
      handle(decodeScore(source.topic(), record), now);
    } catch (InvalidEventException e) {
      deadLetter(record, source, e.code().name(), e.getMessage(), now);
    } catch (RejectedEventException e) {
      deadLetter(record, source, e.code(), e.getMessage(), now);
    } catch (KafkaException e) {
      // Kafka Streams' own failures (store, producer, fencing) must reach its handler, which
      // aborts the transaction; a dead letter here would commit a half-processed record.
      throw e;
    } catch (RuntimeException e) {
      LOG.errorf(e, "Handling the score record %s-%d@%d (key %s) failed unexpectedly; sending it to %s",
          source.topic(), source.partition(), source.offset(), record.key(), topics.deadLetters());
      deadLetter(record, source, "PROCESSING_FAILED", e.getClass().getSimpleName() + ": " + e.getMessage(), now);
    }
  }

  /** A decoded score of either modality. */
  private record Score(
      String eventId, Modality modality, String caseId, int revision, double probability, ModelRef model,
      String heatMapKey) {}

  private Score decodeScore(String topic, Record<String, byte[]> record) {
    if (topic.equals(topics.imagingScores())) {
      EventEnvelope<ImagingScore> event =
          CloudEventCodec.decode(EventType.IMAGING_SCORE, record.key(), record.headers(), record.value());
      ImagingScore score = event.payload();
      return new Score(event.id(), Modality.IMAGING, score.caseId(), score.revision(), score.probability(),
          score.model(), score.heatMapKey());
    }
    if (topic.equals(topics.clinicalScores())) {
      EventEnvelope<ClinicalScore> event =
          CloudEventCodec.decode(EventType.CLINICAL_SCORE, record.key(), record.headers(), record.value());
      ClinicalScore score = event.payload();
      return new Score(event.id(), Modality.CLINICAL, score.caseId(), score.revision(), score.probability(),
          score.model(), null);
    }
    throw new RejectedEventException("UNEXPECTED_TOPIC", "score topic must be " + topics.imagingScores() + " or "
        + topics.clinicalScores() + ", found " + topic);
  }

  private void handle(Score score, long now) {
    String key = CaseState.key(score.caseId(), score.revision());
    CaseState state = cases.get(key);
    if (state == null) {
      state = CaseState.first(score.caseId(), score.revision(), now);
      deadlines.put(deadlineKey(now + settings.policy().waitMillis(), TIMEOUT, key), "");
    }
    if (state.hasSeen(score.eventId())) {
      LOG.debugf("Skipping duplicate %s score %s for case %s revision %d", score.modality(), score.eventId(),
          score.caseId(), score.revision());
      return;
    }
    if (card.parameters().accepted(score.modality(), score.model()).isPresent()) {
      state = state.withAccepted(score.modality(),
          new ScoreInput(score.eventId(), score.probability(), score.model(), now, score.heatMapKey()));
    } else {
      LOG.warnf("Leaving out the %s score of case %s revision %d: ensemble %s %s does not accept model %s %s",
          score.modality(), score.caseId(), score.revision(), card.ref().name(), card.ref().version(),
          score.model().name(), score.model().version());
      state = state.withNotAccepted(score.eventId(), score.model());
    }
    cases.put(key, emitIfDecided(state, now));
  }

  private CaseState emitIfDecided(CaseState state, long now) {
    Optional<EnsembleDecider.Decision> decision = decider.decide(state, now);
    if (decision.isEmpty()) {
      return state;
    }
    Prediction prediction = decision.get().prediction();
    EventEnvelope<Prediction> event = EventEnvelope.of(
        EventIds.of(prediction.caseId(), prediction.revision(), Stage.ENSEMBLE,
            "prediction-" + prediction.predictionSequence()),
        EventType.PREDICTION, Stage.ENSEMBLE, prediction.caseId(), prediction, prediction.decidedAt());
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(event);
    context.forward(new Record<>(encoded.key(), encoded.value(), now, encoded.headers()),
        EnsembleTopology.PREDICTIONS_SINK);
    if (prediction.probability() != null) {
      PROBABILITIES.record(prediction.probability());
    }
    LOG.debugf("Emitted %s prediction %d for case %s revision %d", prediction.status(),
        prediction.predictionSequence(), prediction.caseId(), prediction.revision());
    if (!state.hasEmitted()) {
      deadlines.put(deadlineKey(now + settings.stateRetention().toMillis(), EXPIRY, state.key()), "");
    }
    return state.withEmitted(prediction.predictionSequence(), decision.get().signature());
  }

  /** Emits time-outs that are due and removes expired case states. */
  private void punctuate(long now) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, String> entries = deadlines.range(LOWEST_DEADLINE, deadlinePrefix(now) + "~")) {
      while (entries.hasNext()) {
        due.add(entries.next().key);
      }
    }
    for (String entry : due) {
      deadlines.delete(entry);
      String[] parts = entry.split("\\|", 3);
      String kind = parts[1];
      String key = parts[2];
      CaseState state = cases.get(key);
      if (state == null) {
        continue;
      }
      if (kind.equals(EXPIRY)) {
        // NOTE: a score that arrives after its case state expired starts a new state, so it can
        // produce a second prediction with sequence 1. Keeping the last sequence per case
        // revision in a smaller, longer-lived store would close this gap.
        cases.delete(key);
      } else if (!state.hasEmitted()) {
        timeOut(state, now);
      }
    }
  }

  private void timeOut(CaseState state, long now) {
    try {
      cases.put(state.key(), emitIfDecided(state, now));
    } catch (KafkaException e) {
      throw e;
    } catch (RuntimeException e) {
      // The deadline entry is already gone, so this case gets no time-out prediction until another
      // score for it arrives. The log names the case so that an operator can replay its scores.
      LOG.errorf(e, "Time-out prediction for case %s revision %d failed; replay its scores to retry",
          state.caseId(), state.revision());
    }
  }

  private void deadLetter(Record<String, byte[]> record, RecordMetadata source, String code, String reason, long now) {
    Instant failedAt = Instant.ofEpochMilli(now);
    byte[] value = record.value() == null ? new byte[0] : record.value();
    DeadLetter letter = new DeadLetter(1, Stage.ENSEMBLE, code, reason, source.topic(), source.partition(),
        source.offset(), record.key(), Base64.getEncoder().encodeToString(value),
        CloudEventCodec.headersAsText(record.headers()), failedAt);
    // Same id scheme as the other stages' dead letters: a redelivered poison record gets the same id.
    String id = UUID.nameUUIDFromBytes(("dead-letter|" + source.topic() + "|" + source.partition() + "|"
        + source.offset()).getBytes(StandardCharsets.UTF_8)).toString();
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(new EventEnvelope<>(id, EventType.DEAD_LETTER,
        EventEnvelope.sourceOf(Stage.ENSEMBLE), failedAt, record.key(), record.key(), letter));
    context.forward(new Record<>(encoded.key(), encoded.value(), now, encoded.headers()),
        EnsembleTopology.DEAD_LETTER_SINK);
    LOG.warnf("Dead-lettered record %s-%d@%d (key %s): %s %s", source.topic(), source.partition(), source.offset(),
        record.key(), code, reason);
  }

  private static String deadlineKey(long dueMillis, String kind, String caseKey) {
    return deadlinePrefix(dueMillis) + kind + "|" + caseKey;
  }

  // Zero-padded milliseconds sort as text in time order, so a range scan returns what is due.
  private static String deadlinePrefix(long dueMillis) {
    return String.format("%019d|", Math.max(0, dueMillis));
  }
}
