package org.pd1response.clinical.inference.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.pd1response.clinical.inference.config.ClinicalInferenceConfig;
import org.pd1response.clinical.inference.model.ClinicalModelManager;
import org.pd1response.clinical.inference.model.ServedModel;
import org.pd1response.clinical.model.ClinicalPrediction;
import org.pd1response.clinical.model.ClinicalScoringException;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectStore;

/**
 * Scores clinical-record-ingested events with the serving clinical model and publishes one
 * clinical-score event per case revision. Values the model does not know are ignored; missing and
 * implausible values of selected features are imputed and listed in the score. A record the model
 * cannot score goes to the dead-letter topic with the field and value.
 */
@ApplicationScoped
public class ClinicalRecordConsumer {

  /** Dead-letter code of a record the model cannot score (wrong unit, PRESENT without a number, nothing to score). */
  public static final String UNSCORABLE_RECORD = "UNSCORABLE_RECORD";
  /** Dead-letter code of a record that waited longer than the configured time for a model. */
  public static final String MODEL_UNAVAILABLE = "MODEL_UNAVAILABLE";

  private static final Logger LOG = Logger.getLogger(ClinicalRecordConsumer.class);

  private final StageConsumer<ClinicalRecordIngested> stage;
  private final EventSender scores;
  private final ClinicalModelManager models;
  private final ClinicalInferenceConfig config;
  private final Clock clock;

  ClinicalRecordConsumer(@Channel("clinical-scores") MutinyEmitter<byte[]> scores,
      @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, ClinicalModelManager models,
      ClinicalInferenceConfig config, ObjectStore store, MeterRegistry meters, Clock clock) {
    this.scores = new EventSender(scores);
    this.models = models;
    this.config = config;
    this.clock = clock;
    this.stage = new StageConsumer<>(Stage.CLINICAL_INFERENCE, EventType.CLINICAL_RECORD_INGESTED,
        new ProcessedEventLedger(store, Stage.CLINICAL_INFERENCE, 10_000), new EventSender(deadLetters), meters, clock);
  }

  @Incoming("clinical-records")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    stage.handle(record, this::score);
  }

  private void score(EventEnvelope<ClinicalRecordIngested> event) {
    ClinicalRecordIngested input = event.payload();
    ServedModel served = awaitModel();
    ClinicalPrediction prediction;
    try {
      prediction = served.model().score(input.values());
    } catch (ClinicalScoringException e) {
      throw new RejectedEventException(UNSCORABLE_RECORD, e.getMessage() + " (model " + served.ref().name() + " "
          + served.ref().version() + ")", e);
    }
    ClinicalScore score = new ClinicalScore(1, input.caseId(), input.revision(), prediction.probability(),
        served.ref(), prediction.imputedFeatures(), prediction.flaggedFeatures(), clock.instant());
    scores.send(EventEnvelope.of(EventIds.of(input.caseId(), input.revision(), Stage.CLINICAL_INFERENCE,
        served.ref().version()), EventType.CLINICAL_SCORE, Stage.CLINICAL_INFERENCE, input.caseId(), score,
        clock.instant()));
    LOG.debugf("Scored case %s revision %d with %s %s: %.4f (%d imputed, %d flagged)", input.caseId(), input.revision(),
        served.ref().name(), served.ref().version(), prediction.probability(), prediction.imputedFeatures().size(),
        prediction.flaggedFeatures().size());
  }

  private ServedModel awaitModel() {
    try {
      Optional<ServedModel> served = models.await(config.model().loadWait());
      return served.orElseThrow(() -> new RejectedEventException(MODEL_UNAVAILABLE, "no clinical model "
          + config.model().name() + " served within " + config.model().loadWait() + ": " + models.status().error()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the clinical model", e);
    }
  }
}
