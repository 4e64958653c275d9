package org.pd1response.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Validates the common part of model cards (name, version, kind, format, model file, SHA-256),
 * which the model registry checks before it stores a model.
 */
public final class ModelCardSchema {

  private static final String RESOURCE = "/model-card.schema.json";
  private static final JsonSchema SCHEMA = load();

  private ModelCardSchema() {}

  /** Returns the schema violations of a card; empty when valid. */
  public static List<String> violations(JsonNode card) {
    return SCHEMA.validate(card).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static JsonSchema load() {
    try (InputStream in = ModelCardSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + RESOURCE + " is missing from the class path");
      }
      JsonNode document = EventJson.mapper().readTree(in);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(document);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
