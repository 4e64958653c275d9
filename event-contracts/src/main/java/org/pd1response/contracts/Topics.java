package org.pd1response.contracts;

import java.time.Duration;
import java.util.List;

/**
 * The topic catalogue. Names are constants so that code, configuration checks and tests use the
 * same strings. Every record key is the case id, except on the two topics fed from outside the
 * pipeline (study notifications and raw EMR records), whose producers cannot compute a case id,
 * and the model topic, keyed by model name so that compaction keeps the latest per model.
 */
public final class Topics {

  public static final String STUDY_NOTIFICATIONS = "pacs.study-notifications";
  public static final String EMR_CLINICAL_RECORDS = "emr.clinical-records";
  public static final String IMAGE_INGESTED = "cases.image-ingested";
  public static final String CLINICAL_RECORD_INGESTED = "cases.clinical-record-ingested";
  public static final String IMAGE_PREPROCESSED = "cases.image-preprocessed";
  public static final String IMAGING_SCORES = "scores.imaging";
  public static final String CLINICAL_SCORES = "scores.clinical";
  public static final String PREDICTIONS = "predictions";
  public static final String MODELS_PUBLISHED = "models.published";

  public static final String DLQ_INGEST = "dlq.ingest";
  public static final String DLQ_PREPROCESS = "dlq.preprocess";
  public static final String DLQ_IMAGING_INFERENCE = "dlq.imaging-inference";
  public static final String DLQ_CLINICAL_INFERENCE = "dlq.clinical-inference";
  public static final String DLQ_ENSEMBLE = "dlq.ensemble";

  /** Partitions of the per-case topics; sized so that each stage can scale out to six replicas. */
  public static final int CASE_TOPIC_PARTITIONS = 6;

  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);

  private static final List<TopicSpec> ALL =
      List.of(
          new TopicSpec(STUDY_NOTIFICATIONS, CASE_TOPIC_PARTITIONS, WEEK, false, "StudyInstanceUID"),
          new TopicSpec(EMR_CLINICAL_RECORDS, CASE_TOPIC_PARTITIONS, WEEK, false, "EMR record id"),
          new TopicSpec(IMAGE_INGESTED, CASE_TOPIC_PARTITIONS, WEEK, false, "case id"),
          new TopicSpec(CLINICAL_RECORD_INGESTED, CASE_TOPIC_PARTITIONS, WEEK, false, "case id"),
          new TopicSpec(IMAGE_PREPROCESSED, CASE_TOPIC_PARTITIONS, WEEK, false, "case id"),
          new TopicSpec(IMAGING_SCORES, CASE_TOPIC_PARTITIONS, WEEK, false, "case id"),
          new TopicSpec(CLINICAL_SCORES, CASE_TOPIC_PARTITIONS, WEEK, false, "case id"),
          new TopicSpec(PREDICTIONS, CASE_TOPIC_PARTITIONS, MONTH, false, "case id"),
          new TopicSpec(MODELS_PUBLISHED, 1, MONTH, true, "model name"),
          new TopicSpec(DLQ_INGEST, 1, MONTH, false, "case id when known"),
          new TopicSpec(DLQ_PREPROCESS, 1, MONTH, false, "case id when known"),
          new TopicSpec(DLQ_IMAGING_INFERENCE, 1, MONTH, false, "case id when known"),
          new TopicSpec(DLQ_CLINICAL_INFERENCE, 1, MONTH, false, "case id when known"),
          new TopicSpec(DLQ_ENSEMBLE, 1, MONTH, false, "case id when known"));

  private Topics() {}

  /** Every topic of the pipeline, in data-flow order followed by the dead-letter topics. */
  public static List<TopicSpec> all() {
    return ALL;
  }

  /** The dead-letter topic of the consumers of one stage. */
  public static String deadLetterTopic(Stage stage) {
    return switch (stage) {
      case INGEST -> DLQ_INGEST;
      case PREPROCESS -> DLQ_PREPROCESS;
      case IMAGING_INFERENCE -> DLQ_IMAGING_INFERENCE;
      case CLINICAL_INFERENCE -> DLQ_CLINICAL_INFERENCE;
      case ENSEMBLE -> DLQ_ENSEMBLE;
      case MODEL_REGISTRY ->
          throw new IllegalArgumentException("the model registry has no consumer and no dead-letter topic");
    };
  }
}
