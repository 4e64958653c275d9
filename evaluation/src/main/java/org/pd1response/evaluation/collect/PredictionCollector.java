package org.pd1response.evaluation.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.evaluation.collect.CaseLabels.CaseInfo;
import org.pd1response.evaluation.predictions.ModelColumn;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;

/**
 * Collects the predictions the running pipeline produced for a cohort from the predictions topic
 * into a predictions table, one probability column per modality model and one for the ensemble.
 *
 * <p>The collector reads every partition from the beginning up to the end offsets it finds when it
 * starts, without a consumer group, so it commits no offsets and disturbs no service. Per case it
 * keeps the prediction of the highest revision and, within it, the highest prediction sequence,
 * because a later prediction for the same revision supersedes the earlier one. Records that do not
 * decode as prediction events are skipped, counted and logged with the reason.
 */
public final class PredictionCollector {

  public static final String IMAGING = "imaging";
  public static final String CLINICAL = "clinical";
  public static final String ENSEMBLE = "ensemble";

  private static final Logger LOG = Logger.getLogger(PredictionCollector.class);

  /**
   * Settings of one collection run.
   *
   * @param imagingThreshold decision threshold of the imaging model's probability
   * @param clinicalThreshold decision threshold of the clinical model's probability
   * @param ensembleThreshold decision threshold of the ensemble; null to take the one the
   *     predictions carry, which must then be the same in all of them
   * @param timeout longest time to read the topic up to its end offsets
   */
  public record Settings(
      String bootstrapServers, String topic, double imagingThreshold, double clinicalThreshold, Double ensembleThreshold,
      Duration timeout) {}

  /**
   * The collected table with counts for the log and the report.
   *
   * @param recordsRead records read from the topic
   * @param invalidRecords records skipped because they are no valid prediction event
   * @param casesWithoutPrediction cohort cases for which the topic held no prediction
   * @param predictionsOutsideCohort cases predicted but not in the cohort file, left out
   */
  public record Collection(
      PredictionTable table, int recordsRead, int invalidRecords, int casesWithoutPrediction, int predictionsOutsideCohort) {}

  private final Settings settings;

  public PredictionCollector(Settings settings) {
    this.settings = settings;
  }

  /**
   * Reads the topic and joins the latest prediction of each case with the cohort's labels.
   *
   * @throws IllegalStateException when the topic does not exist or its end is not reached within
   *     the timeout
   */
  public Collection collect(Map<String, CaseInfo> cohort, List<String> subgroupNames) {
    Map<String, Prediction> latest = new HashMap<>();
    int[] counts = new int[2];
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.timeout());
      Instant deadline = Instant.now().plus(settings.timeout());
      while (!reachedEnd(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("reading " + settings.topic() + " up to offsets " + end + " timed out after "
              + settings.timeout() + "; raise --timeout or check the broker");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          counts[0]++;
          keepLatest(record, latest, counts);
        }
      }
    }
    return join(cohort, subgroupNames, latest, counts[0], counts[1]);
  }

  private void keepLatest(ConsumerRecord<String, byte[]> record, Map<String, Prediction> latest, int[] counts) {
    EventEnvelope<Prediction> event;
    try {
      event = CloudEventCodec.decode(EventType.PREDICTION, record.key(), record.headers(), record.value());
    } catch (InvalidEventException e) {
      counts[1]++;
      LOG.warnf("Skipping record at %s-%d offset %d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    Prediction prediction = event.payload();
    latest.merge(prediction.caseId(), prediction, (known, candidate) -> supersedes(candidate, known) ? candidate : known);
  }

  private static boolean supersedes(Prediction candidate, Prediction known) {
    if (candidate.revision() != known.revision()) {
      return candidate.revision() > known.revision();
    }
    return candidate.predictionSequence() > known.predictionSequence();
  }

  private Collection join(
      Map<String, CaseInfo> cohort, List<String> subgroupNames, Map<String, Prediction> latest, int read, int invalid) {
    double ensembleThreshold = ensembleThreshold(cohort, latest);
    List<ModelColumn> models = List.of(
        new ModelColumn(IMAGING, settings.imagingThreshold()),
        new ModelColumn(CLINICAL, settings.clinicalThreshold()),
        new ModelColumn(ENSEMBLE, ensembleThreshold));
    List<PredictionRow> rows = new ArrayList<>();
    int withoutPrediction = 0;
    for (Map.Entry<String, CaseInfo> entry : cohort.entrySet()) {
      Prediction prediction = latest.get(entry.getKey());
      Map<String, Double> probabilities = new LinkedHashMap<>();
      if (prediction == null) {
        withoutPrediction++;
      } else {
        if (prediction.imaging() != null) {
          probabilities.put(IMAGING, prediction.imaging().probability());
        }
        if (prediction.clinical() != null) {
          probabilities.put(CLINICAL, prediction.clinical().probability());
        }
        if (prediction.probability() != null) {
          probabilities.put(ENSEMBLE, prediction.probability());
        }
      }
      CaseInfo info = entry.getValue();
      rows.add(new PredictionRow(entry.getKey(), info.cohort(), info.label(), info.subgroups(), probabilities));
    }
    int outside = (int) latest.keySet().stream().filter(caseId -> !cohort.containsKey(caseId)).count();
    LOG.infof("Collected %d cohort cases from %s: %d records read, %d invalid, %d cases without prediction, "
        + "%d predicted cases outside the cohort", rows.size(), settings.topic(), read, invalid, withoutPrediction, outside);
    return new Collection(new PredictionTable(models, subgroupNames, rows), read, invalid, withoutPrediction, outside);
  }

  private double ensembleThreshold(Map<String, CaseInfo> cohort, Map<String, Prediction> latest) {
    if (settings.ensembleThreshold() != null) {
      return settings.ensembleThreshold();
    }
    TreeSet<Double> thresholds = new TreeSet<>();
    latest.forEach((caseId, prediction) -> {
      if (cohort.containsKey(caseId)) {
        thresholds.add(prediction.threshold());
      }
    });
    if (thresholds.size() > 1) {
      throw new IllegalArgumentException("the cohort's predictions carry different ensemble thresholds " + thresholds
          + "; choose one with --ensemble-threshold");
    }
    return thresholds.isEmpty() ? 0.5 : thresholds.first();
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(settings.topic(), settings.timeout());
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + settings.topic() + " not found on " + settings.bootstrapServers());
    }
    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
  }

  private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Properties consumerProperties() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Reading must never create a misspelt topic on a production broker.
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "evaluation-collector");
    return properties;
  }
}
