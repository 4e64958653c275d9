package org.pd1response.storage;

import com.fasterxml.jackson.databind.JsonNode;
import org.pd1response.contracts.events.ModelPublished.ModelKind;
import org.pd1response.contracts.events.ModelRef;

/**
 * A model version read from the registry, its bytes already checked against its card's SHA-256.
 *
 * @param card the whole model card; stage-specific sections are read by the stage
 */
public record RegisteredModel(
    String name, String version, ModelKind kind, String sha256, JsonNode card, byte[] modelBytes) {

  public ModelRef ref() {
    return new ModelRef(name, version, sha256);
  }
}
