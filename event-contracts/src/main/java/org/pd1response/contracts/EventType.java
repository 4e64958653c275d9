package org.pd1response.contracts;

import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.StudyNotification;

/**
 * Every event type of the pipeline with its CloudEvents type, payload class, JSON Schema and
 * current schema version. A payload whose {@code schemaVersion} differs from
 * {@link #schemaVersion()} is rejected; a breaking change needs a new type or a new topic.
 */
public enum EventType {
  STUDY_NOTIFICATION("study-notification", StudyNotification.class),
  IMAGE_INGESTED("image-ingested", ImageIngested.class),
  CLINICAL_RECORD_INGESTED("clinical-record-ingested", ClinicalRecordIngested.class),
  IMAGE_PREPROCESSED("image-preprocessed", ImagePreprocessed.class),
  IMAGING_SCORE("imaging-score", ImagingScore.class),
  CLINICAL_SCORE("clinical-score", ClinicalScore.class),
  PREDICTION("prediction", Prediction.class),
  MODEL_PUBLISHED("model-published", ModelPublished.class),
  DEAD_LETTER("dead-letter", DeadLetter.class);

  /** Prefix of every CloudEvents {@code type} attribute. */
  public static final String TYPE_PREFIX = "org.pd1response.";

  private static final int CURRENT_SCHEMA_VERSION = 1;

  private final String slug;
  private final Class<? extends Record> payloadClass;

  EventType(String slug, Class<? extends Record> payloadClass) {
    this.slug = slug;
    this.payloadClass = payloadClass;
  }

  /** Short name used in file names, such as {@code image-ingested}. */
  public String slug() {
    return slug;
  }

  /** CloudEvents {@code type}, such as {@code org.pd1response.image-ingested.v1}. */
  public String cloudEventType() {
    return TYPE_PREFIX + slug + ".v" + schemaVersion();
  }

  /** CloudEvents {@code dataschema}, a URN that names the schema and its version. */
  public String dataSchemaUri() {
    return "urn:pd1response:schema:" + slug + ":v" + schemaVersion();
  }

  /** Class path resource of the current JSON Schema. */
  public String schemaResource() {
    return "/schemas/" + slug + ".schema.json";
  }

  public int schemaVersion() {
    return CURRENT_SCHEMA_VERSION;
  }

  public Class<? extends Record> payloadClass() {
    return payloadClass;
  }

  /**
   * Finds the type for a CloudEvents {@code type} attribute.
   *
   * @throws InvalidEventException when no event type has that name
   */
  public static EventType fromCloudEventType(String ceType) {
    for (EventType type : values()) {
      if (type.cloudEventType().equals(ceType)) {
        return type;
      }
    }
    throw new InvalidEventException(
        InvalidEventException.Code.UNKNOWN_TYPE,
        "ce_type must be one of the pipeline's event types (such as "
            + IMAGE_INGESTED.cloudEventType()
            + "), found '"
            + ceType
            + "'");
  }
}
