package org.pd1response.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates payloads against the JSON Schemas (draft 2020-12) checked into this module. */
public final class EventSchemas {

  private static final Map<EventType, JsonSchema> SCHEMAS = load();

  private EventSchemas() {}

  /**
   * Returns the schema violations of a payload, each with its JSON path; empty when valid.
   */
  public static List<String> violations(EventType type, JsonNode payload) {
    Set<ValidationMessage> messages = SCHEMAS.get(type).validate(payload);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /** Reads the raw schema document of a type. */
  public static JsonNode schemaDocument(EventType type) {
    try (InputStream in = open(type.schemaResource())) {
      return EventJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + type.schemaResource(), e);
    }
  }

  private static Map<EventType, JsonSchema> load() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      schemas.put(type, factory.getSchema(schemaDocument(type)));
    }
    return schemas;
  }

  private static InputStream open(String resource) {
    InputStream in = EventSchemas.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("schema resource " + resource + " is missing from the class path");
    }
    return in;
  }
}
