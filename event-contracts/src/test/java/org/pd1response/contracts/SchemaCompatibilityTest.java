package org.pd1response.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Compares every current schema with its last released version, kept in {@code released-schemas/}.
 * Releasing a schema means copying the current file there.
 */
class SchemaCompatibilityTest {

  private static final Path RELEASED = Path.of("released-schemas");

  @ParameterizedTest
  @EnumSource(EventType.class)
  void currentSchemaIsCompatibleWithReleased(EventType type) throws IOException {
    JsonNode released = readReleased(type);

    List<String> problems = SchemaCompatibility.breakingChanges(released, EventSchemas.schemaDocument(type));

    assertEquals(List.of(), problems, type.slug() + " breaks compatibility with its released schema");
  }

  @Test
  void removedFieldIsBreaking() throws IOException {
    JsonNode released = readReleased(EventType.IMAGE_INGESTED);
    ObjectNode candidate = released.deepCopy();
    ((ObjectNode) candidate.get("properties")).remove("width");

    List<String> problems = SchemaCompatibility.breakingChanges(released, candidate);

    assertTrue(problems.contains("$.width: removed"), problems.toString());
  }

  @Test
  void retypedFieldIsBreaking() throws IOException {
    JsonNode released = readReleased(EventType.IMAGING_SCORE);
    ObjectNode candidate = released.deepCopy();
    ((ObjectNode) candidate.at("/properties/probability")).put("type", "string");

    List<String> problems = SchemaCompatibility.breakingChanges(released, candidate);

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("$.probability: retyped"), problems.toString());
  }

  @Test
  void newRequiredFieldIsBreaking() throws IOException {
    JsonNode released = readReleased(EventType.CLINICAL_SCORE);
    ObjectNode candidate = released.deepCopy();
    ((ArrayNode) candidate.get("required")).add("site");
    ((ObjectNode) candidate.get("properties")).putObject("site").put("type", "string");

    List<String> problems = SchemaCompatibility.breakingChanges(released, candidate);

    assertEquals(List.of("$.site: became required"), problems);
  }

  @Test
  void removedEnumValueIsBreaking() throws IOException {
    JsonNode released = readReleased(EventType.PREDICTION);
    ObjectNode candidate = released.deepCopy();
    ArrayNode statuses = (ArrayNode) candidate.at("/properties/status/enum");
    statuses.remove(2);

    List<String> problems = SchemaCompatibility.breakingChanges(released, candidate);

    assertEquals(List.of("$.status: enum value \"INCOMPLETE\" removed"), problems);
  }

  @Test
  void newOptionalFieldIsCompatible() throws IOException {
    JsonNode released = readReleased(EventType.IMAGE_PREPROCESSED);
    ObjectNode candidate = released.deepCopy();
    ((ObjectNode) candidate.get("properties")).putObject("device").put("type", "string");

    assertEquals(List.of(), SchemaCompatibility.breakingChanges(released, candidate));
  }

  @Test
  void nestedFieldRemovalIsBreaking() throws IOException {
    JsonNode released = readReleased(EventType.PREDICTION);
    ObjectNode candidate = released.deepCopy();
    ((ObjectNode) candidate.at("/$defs/modelRef/properties")).remove("sha256");

    List<String> problems = SchemaCompatibility.breakingChanges(released, candidate);

    assertTrue(problems.contains("$.$defs.modelRef.sha256: removed"), problems.toString());
  }

  private static JsonNode readReleased(EventType type) throws IOException {
    return EventJson.mapper().readTree(Files.readAllBytes(RELEASED.resolve(type.slug() + ".schema.json")));
  }
}
