package org.pd1response.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.Prediction;

/**
 * Reads final predictions as a dashboard would: committed records only, from the beginning of the
 * predictions topic, keeping the latest prediction sequence per case.
 */
final class PredictionWatcher {

  /** How long a prediction waits for its clinical score to be read before it is reported without it. */
  private static final Duration CLINICAL_SCORE_WAIT = Duration.ofSeconds(3);

  private PredictionWatcher() {}

  /**
   * Waits until every expected case has a prediction or the timeout passes, calling
   * {@code onPrediction} for each new or superseding prediction of those cases with the clinical
   * score behind it (null when the prediction has none or it was not read in time).
   *
   * @return the latest prediction per case id, in arrival order
   */
  static Map<String, Prediction> await(String bootstrap, Set<String> caseIds, Duration timeout,
      BiConsumer<Prediction, ClinicalScore> onPrediction) {
    Map<String, Prediction> latest = new LinkedHashMap<>();
    Map<String, ClinicalScore> clinicalScores = new HashMap<>();
    Map<String, Instant> waitingSince = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.PREDICTIONS, Topics.CLINICAL_SCORES));
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && !(latest.keySet().containsAll(caseIds) && waitingSince.isEmpty())) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (!caseIds.contains(record.key())) {
            continue;
          }
          if (record.topic().equals(Topics.CLINICAL_SCORES)) {
            ClinicalScore score = PredictionWatcher.<ClinicalScore>decode(EventType.CLINICAL_SCORE, record);
            if (score != null) {
              clinicalScores.merge(record.key(), score, (old, next) -> next.revision() >= old.revision() ? next : old);
            }
            continue;
          }
          Prediction prediction = PredictionWatcher.<Prediction>decode(EventType.PREDICTION, record);
          Prediction previous = latest.get(record.key());
          if (prediction != null && (previous == null || prediction.predictionSequence() > previous.predictionSequence())) {
            latest.put(record.key(), prediction);
            waitingSince.putIfAbsent(record.key(), Instant.now());
          }
        }
        reportReady(latest, clinicalScores, waitingSince, onPrediction);
      }
    }
    return latest;
  }

  /**
   * Reports each waiting prediction once its clinical score has been read. The two topics are
   * read by one consumer in no fixed order, so a prediction may arrive before the score it used.
   */
  private static void reportReady(Map<String, Prediction> latest, Map<String, ClinicalScore> clinicalScores,
      Map<String, Instant> waitingSince, BiConsumer<Prediction, ClinicalScore> onPrediction) {
    Instant giveUp = Instant.now().minus(CLINICAL_SCORE_WAIT);
    for (var iterator = waitingSince.entrySet().iterator(); iterator.hasNext(); ) {
      var waiting = iterator.next();
      Prediction prediction = latest.get(waiting.getKey());
      ClinicalScore score = clinicalScores.get(waiting.getKey());
      boolean scoreRead = score != null && score.revision() == prediction.revision();
      if (prediction.clinical() == null || scoreRead || waiting.getValue().isBefore(giveUp)) {
        onPrediction.accept(prediction, scoreRead ? score : null);
        iterator.remove();
      }
    }
  }

  /** Reads every prediction on the topic now and keeps the latest sequence per case. */
  static Map<String, Prediction> readAll(String bootstrap, Duration quietPeriod) {
    Map<String, Prediction> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.PREDICTIONS));
      Instant quietUntil = Instant.now().plus(quietPeriod);
      while (Instant.now().isBefore(quietUntil)) {
        var records = consumer.poll(Duration.ofMillis(300));
        if (!records.isEmpty()) {
          quietUntil = Instant.now().plus(quietPeriod);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          Prediction prediction = PredictionWatcher.<Prediction>decode(EventType.PREDICTION, record);
          if (prediction != null) {
            latest.merge(record.key(), prediction,
                (old, next) -> next.predictionSequence() >= old.predictionSequence() ? next : old);
          }
        }
      }
    }
    return latest;
  }

  /** Formats a prediction as one line: case id, status, probability, threshold, label and the scores behind it. */
  static String describe(Prediction p) {
    return String.format(Locale.ROOT, "%s  r%d#%d  %-15s p=%s (threshold %.3f)  %-13s imaging=%s clinical=%s heat-map=%s",
        p.caseId(), p.revision(), p.predictionSequence(), p.status(),
        p.probability() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.probability()), p.threshold(),
        p.label() == null ? "-" : p.label(),
        p.imaging() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.imaging().probability()),
        p.clinical() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.clinical().probability()),
        p.heatMapKey() == null ? "-" : p.heatMapKey());
  }

  /**
   * Formats a prediction as {@link #describe(Prediction)} does and adds the clinical features the
   * clinical model imputed or flagged, because a score built on imputed values deserves less trust.
   */
  static String describe(Prediction prediction, ClinicalScore clinical) {
    String line = describe(prediction);
    if (clinical == null) {
      return line;
    }
    if (!clinical.imputedFeatures().isEmpty()) {
      line += "\n      clinical values imputed: " + String.join(", ", clinical.imputedFeatures());
    }
    if (!clinical.flaggedFeatures().isEmpty()) {
      line += "\n      clinical values implausible or unparseable: " + String.join(", ", clinical.flaggedFeatures());
    }
    return line;
  }

  private static <T extends Record> T decode(EventType type, ConsumerRecord<String, byte[]> record) {
    try {
      EventEnvelope<T> event = CloudEventCodec.decode(type, record.key(), record.headers(), record.value());
      return event.payload();
    } catch (InvalidEventException e) {
      System.err.println("skipping an invalid " + type + " record at " + record.topic() + " offset "
          + record.offset() + ": " + e.getMessage());
      return null;
    }
  }

  /** Creates a consumer that reads committed records only, from the beginning, in a group of its own. */
  static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "pipeline-cli-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
