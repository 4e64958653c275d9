package org.pd1response.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
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
import org.pd1response.contracts.events.Prediction;

/**
 * Reads final predictions as a dashboard would: committed records only, from the beginning of the
 * predictions topic, keeping the latest prediction sequence per case.
 */
final class PredictionWatcher {

  private PredictionWatcher() {}

  /**
   * Waits until every expected case has a prediction or the timeout passes, calling
   * {@code onPrediction} for each new or superseding prediction of those cases.
   *
   * @return the latest prediction per case id, in arrival order
   */
  static Map<String, Prediction> await(String bootstrap, Set<String> caseIds, Duration timeout,
      Consumer<Prediction> onPrediction) {
    Map<String, Prediction> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.PREDICTIONS));
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && !latest.keySet().containsAll(caseIds)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (!caseIds.contains(record.key())) {
            continue;
          }
          Prediction prediction = decode(record);
          Prediction previous = latest.get(record.key());
          if (prediction != null && (previous == null || prediction.predictionSequence() > previous.predictionSequence())) {
            latest.put(record.key(), prediction);
            onPrediction.accept(prediction);
          }
        }
      }
    }
    return latest;
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
          Prediction prediction = decode(record);
          if (prediction != null) {
            latest.merge(record.key(), prediction,
                (old, next) -> next.predictionSequence() >= old.predictionSequence() ? next : old);
          }
        }
      }
    }
    return latest;
  }

  /** Formats a prediction as one line: case id, status, probability, label and the scores behind it. */
  static String describe(Prediction p) {
    return String.format(Locale.ROOT, "%s  r%d#%d  %-15s p=%s  %-13s imaging=%s clinical=%s heat-map=%s",
        p.caseId(), p.revision(), p.predictionSequence(), p.status(),
        p.probability() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.probability()),
        p.label() == null ? "-" : p.label(),
        p.imaging() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.imaging().probability()),
        p.clinical() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.clinical().probability()),
        p.heatMapKey() == null ? "-" : p.heatMapKey());
  }

  private static Prediction decode(ConsumerRecord<String, byte[]> record) {
    try {
      EventEnvelope<Prediction> event = CloudEventCodec.decode(EventType.PREDICTION, record.key(), record.headers(), record.value());
      return event.payload();
    } catch (InvalidEventException e) {
      System.err.println("skipping an invalid prediction record at offset " + record.offset() + ": " + e.getMessage());
      return null;
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
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
