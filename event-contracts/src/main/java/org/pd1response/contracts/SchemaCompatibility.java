package org.pd1response.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a new version of an event schema can still read every payload written under the
 * released version and that every old producer's payload still validates: no field removed, no
 * field retyped (a type or enum may only widen), no new required field. Nested objects, array
 * items and {@code $defs} are checked the same way.
 */
public final class SchemaCompatibility {

  private SchemaCompatibility() {}

  /** Lists the breaking changes from {@code released} to {@code candidate}; empty when compatible. */
  public static List<String> breakingChanges(JsonNode released, JsonNode candidate) {
    List<String> problems = new ArrayList<>();
    compare("$", released, candidate, problems);
    return problems;
  }

  private static void compare(String path, JsonNode released, JsonNode candidate, List<String> problems) {
    if (candidate == null || candidate.isMissingNode()) {
      problems.add(path + ": removed");
      return;
    }
    checkTypes(path, released, candidate, problems);
    checkEnum(path, released, candidate, problems);
    checkSame(path, "const", released, candidate, problems);
    checkSame(path, "$ref", released, candidate, problems);

    Set<String> oldRequired = textSet(released.get("required"));
    for (String field : textSet(candidate.get("required"))) {
      if (!oldRequired.contains(field)) {
        problems.add(path + "." + field + ": became required");
      }
    }
    compareChildren(path, "properties", released, candidate, problems);
    compareChildren(path, "$defs", released, candidate, problems);
    if (released.has("items")) {
      compare(path + "[]", released.get("items"), candidate.path("items"), problems);
    }
  }

  private static void compareChildren(
      String path, String keyword, JsonNode released, JsonNode candidate, List<String> problems) {
    JsonNode oldChildren = released.get(keyword);
    if (oldChildren == null) {
      return;
    }
    JsonNode newChildren = candidate.path(keyword);
    Iterator<Map.Entry<String, JsonNode>> fields = oldChildren.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String childPath = keyword.equals("$defs") ? path + ".$defs." + field.getKey() : path + "." + field.getKey();
      compare(childPath, field.getValue(), newChildren.path(field.getKey()), problems);
    }
  }

  private static void checkTypes(String path, JsonNode released, JsonNode candidate, List<String> problems) {
    Set<String> oldTypes = textSet(released.get("type"));
    Set<String> newTypes = textSet(candidate.get("type"));
    if (oldTypes.isEmpty()) {
      return;
    }
    // "integer" values also satisfy "number", so integer to number is a widening.
    Set<String> widened = new HashSet<>(newTypes);
    if (widened.contains("number")) {
      widened.add("integer");
    }
    if (newTypes.isEmpty() || !widened.containsAll(oldTypes)) {
      problems.add(path + ": retyped from " + oldTypes + " to " + (newTypes.isEmpty() ? "any" : newTypes));
    }
  }

  private static void checkEnum(String path, JsonNode released, JsonNode candidate, List<String> problems) {
    JsonNode oldEnum = released.get("enum");
    if (oldEnum == null) {
      return;
    }
    JsonNode newEnum = candidate.get("enum");
    if (newEnum == null) {
      return;
    }
    for (JsonNode value : oldEnum) {
      if (!contains(newEnum, value)) {
        problems.add(path + ": enum value " + value + " removed");
      }
    }
  }

  private static void checkSame(
      String path, String keyword, JsonNode released, JsonNode candidate, List<String> problems) {
    JsonNode oldValue = released.get(keyword);
    if (oldValue != null && !oldValue.equals(candidate.get(keyword))) {
      problems.add(path + ": " + keyword + " changed from " + oldValue + " to " + candidate.get(keyword));
    }
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> textSet(JsonNode node) {
    Set<String> values = new HashSet<>();
    if (node == null) {
      return values;
    }
    if (node.isArray()) {
      node.forEach(element -> values.add(element.asText()));
    } else {
      values.add(node.asText());
    }
    return values;
  }
}
