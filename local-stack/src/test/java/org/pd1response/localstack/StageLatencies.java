package org.pd1response.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.localstack.RealInputPipelineIT.CaseRevision;
import org.pd1response.localstack.RealInputPipelineIT.Outcome;
import org.pd1response.testsupport.KafkaTestClient;

/**
 * Per-stage latencies of the predicted case revisions, from the CloudEvents {@code time} of the
 * events each stage published (all stages run on one machine, so their clocks agree).
 *
 * @param millis milliseconds per input path ({@code pacs}, {@code research}) and stage, in stage order
 */
record StageLatencies(Map<String, Map<String, List<Long>>> millis) {

  static final String UPLOAD_TO_INGESTED = "Orthanc upload -> image ingested";
  static final String INGESTED_TO_PREPROCESSED = "image ingested -> preprocessed";
  static final String PREPROCESSED_TO_IMAGING = "preprocessed -> imaging score";
  static final String CLINICAL_INGESTED_TO_SCORE = "clinical record ingested -> clinical score";
  static final String LAST_SCORE_TO_PREDICTION = "later score -> prediction";
  static final String TOTAL = "total: first ingest event -> prediction";

  /** Event times of one case revision, one per topic; the first event of a topic counts. */
  private static final class Times {
    Instant imageIngested;
    Instant clinicalIngested;
    Instant preprocessed;
    Instant imagingScore;
    Instant clinicalScore;
    Instant prediction;
  }

  static StageLatencies of(List<ConsumerRecord<String, byte[]>> records, Map<CaseRevision, Outcome> inputs,
      Map<CaseRevision, Instant> uploadedAt) {
    Map<CaseRevision, Times> times = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      collect(record, times);
    }
    Map<String, Map<String, List<Long>>> millis = new LinkedHashMap<>();
    for (Map.Entry<CaseRevision, Outcome> entry : inputs.entrySet()) {
      Times t = times.get(entry.getKey());
      if (t == null || t.prediction == null || t.imagingScore == null || t.clinicalScore == null) {
        continue;
      }
      Map<String, List<Long>> stages = millis.computeIfAbsent(entry.getValue().path(), key -> new LinkedHashMap<>());
      Instant upload = uploadedAt.get(entry.getKey());
      if (upload != null) {
        add(stages, UPLOAD_TO_INGESTED, upload, t.imageIngested);
      }
      add(stages, INGESTED_TO_PREPROCESSED, t.imageIngested, t.preprocessed);
      add(stages, PREPROCESSED_TO_IMAGING, t.preprocessed, t.imagingScore);
      add(stages, CLINICAL_INGESTED_TO_SCORE, t.clinicalIngested, t.clinicalScore);
      add(stages, LAST_SCORE_TO_PREDICTION, later(t.imagingScore, t.clinicalScore), t.prediction);
      add(stages, TOTAL, earlier(t.imageIngested, t.clinicalIngested), t.prediction);
    }
    return new StageLatencies(millis);
  }

  private static void collect(ConsumerRecord<String, byte[]> record, Map<CaseRevision, Times> times) {
    switch (record.topic()) {
      case Topics.IMAGE_INGESTED -> {
        EventEnvelope<ImageIngested> event = KafkaTestClient.decode(EventType.IMAGE_INGESTED, record);
        Times t = timesOf(times, event.payload().caseId(), event.payload().revision());
        t.imageIngested = first(t.imageIngested, event.time());
      }
      case Topics.CLINICAL_RECORD_INGESTED -> {
        EventEnvelope<ClinicalRecordIngested> event = KafkaTestClient.decode(EventType.CLINICAL_RECORD_INGESTED, record);
        Times t = timesOf(times, event.payload().caseId(), event.payload().revision());
        t.clinicalIngested = first(t.clinicalIngested, event.time());
      }
      case Topics.IMAGE_PREPROCESSED -> {
        EventEnvelope<ImagePreprocessed> event = KafkaTestClient.decode(EventType.IMAGE_PREPROCESSED, record);
        Times t = timesOf(times, event.payload().caseId(), event.payload().revision());
        t.preprocessed = first(t.preprocessed, event.time());
      }
      case Topics.IMAGING_SCORES -> {
        EventEnvelope<ImagingScore> event = KafkaTestClient.decode(EventType.IMAGING_SCORE, record);
        Times t = timesOf(times, event.payload().caseId(), event.payload().revision());
        t.imagingScore = first(t.imagingScore, event.time());
      }
      case Topics.CLINICAL_SCORES -> {
        EventEnvelope<ClinicalScore> event = KafkaTestClient.decode(EventType.CLINICAL_SCORE, record);
        Times t = timesOf(times, event.payload().caseId(), event.payload().revision());
        t.clinicalScore = first(t.clinicalScore, event.time());
      }
      case Topics.PREDICTIONS -> {
        EventEnvelope<Prediction> event = KafkaTestClient.decode(EventType.PREDICTION, record);
        Times t = timesOf(times, event.payload().caseId(), event.payload().revision());
        t.prediction = first(t.prediction, event.time());
      }
      default -> {
        // Dead letters carry no stage time of a predicted case.
      }
    }
  }

  private static Times timesOf(Map<CaseRevision, Times> times, String caseId, int revision) {
    return times.computeIfAbsent(new CaseRevision(caseId, revision), key -> new Times());
  }

  private static Instant first(Instant seen, Instant next) {
    return seen == null ? next : seen;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static void add(Map<String, List<Long>> stages, String stage, Instant from, Instant to) {
    if (from != null && to != null) {
      stages.computeIfAbsent(stage, key -> new ArrayList<>()).add(Duration.between(from, to).toMillis());
    }
  }

  /** The nearest-rank percentile {@code p} (0 to 100) of the values, which must not be empty. */
  static long percentile(List<Long> values, double p) {
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
