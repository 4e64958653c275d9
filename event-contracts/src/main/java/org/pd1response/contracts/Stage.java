package org.pd1response.contracts;

/** Pipeline stage that consumes, produces or rejects an event; used in event ids and dead letters. */
public enum Stage {
  INGEST("ingest"),
  PREPROCESS("preprocess"),
  IMAGING_INFERENCE("imaging-inference"),
  CLINICAL_INFERENCE("clinical-inference"),
  ENSEMBLE("ensemble"),
  MODEL_REGISTRY("model-registry");

  private final String slug;

  Stage(String slug) {
    this.slug = slug;
  }

  /** Lower-case name used in topic names, object keys and CloudEvents sources. */
  public String slug() {
    return slug;
  }
}
