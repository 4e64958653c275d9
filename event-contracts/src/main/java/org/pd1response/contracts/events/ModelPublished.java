package org.pd1response.contracts.events;

import java.time.Instant;

/**
 * A model version was published to the registry or promoted to be its name's current version.
 * Keyed by model name on a compacted topic.
 */
public record ModelPublished(
    int schemaVersion,
    String modelName,
    String version,
    String sha256,
    ModelKind kind,
    String modelKey,
    String cardKey,
    PublishAction action,
    boolean current,
    Instant publishedAt) {

  /** Which stage serves the model. */
  public enum ModelKind {
    IMAGING,
    CLINICAL,
    ENSEMBLE
  }

  /** What happened to the version. */
  public enum PublishAction {
    PUBLISHED,
    PROMOTED
  }
}
