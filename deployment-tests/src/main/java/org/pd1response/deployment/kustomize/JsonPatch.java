package org.pd1response.deployment.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code add}, {@code remove} and {@code replace} operations of JSON Patch (RFC 6902). */
final class JsonPatch {

  private JsonPatch() {}

  static void apply(ObjectNode resource, JsonNode operations, Path file) {
    for (JsonNode operation : operations) {
      String op = operation.path("op").asText();
      String path = operation.path("path").asText();
      List<String> tokens = tokens(path, file);
      JsonNode parent = resource;
      for (String token : tokens.subList(0, tokens.size() - 1)) {
        parent = child(parent, token);
        if (parent == null) {
          throw new IllegalArgumentException("path " + path + " of patch " + file + " not found in "
              + resource.path("kind").asText() + " " + resource.path("metadata").path("name").asText());
        }
      }
      String last = tokens.get(tokens.size() - 1);
      switch (op) {
        case "add" -> add(parent, last, operation.get("value").deepCopy(), path, file);
        case "replace" -> {
          requireExisting(parent, last, path, file, resource);
          set(parent, last, operation.get("value").deepCopy());
        }
        case "remove" -> {
          requireExisting(parent, last, path, file, resource);
          if (parent.isArray()) {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
          } else {
            ((ObjectNode) parent).remove(last);
          }
        }
        default -> throw new UnsupportedOperationException("JSON patch operation '" + op + "' in " + file
            + " is not supported; supported: add, remove, replace");
      }
    }
  }

  private static List<String> tokens(String path, Path file) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("expected a JSON pointer starting with '/' in " + file + ", found '"
          + path + "'");
    }
    List<String> tokens = new ArrayList<>();
    for (String token : path.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static JsonNode child(JsonNode node, String token) {
    if (node.isArray()) {
      int index = Integer.parseInt(token);
      return index < node.size() ? node.get(index) : null;
    }
    return node.get(token);
  }

  private static void requireExisting(JsonNode parent, String token, String path, Path file, JsonNode resource) {
    if (child(parent, token) == null) {
      throw new IllegalArgumentException("path " + path + " of patch " + file + " not found in "
          + resource.path("kind").asText() + " " + resource.path("metadata").path("name").asText());
    }
  }

  private static void add(JsonNode parent, String token, JsonNode value, String path, Path file) {
    if (parent.isArray()) {
      ArrayNode array = (ArrayNode) parent;
      if (token.equals("-")) {
        array.add(value);
      } else {
        array.insert(Integer.parseInt(token), value);
      }
    } else if (parent.isObject()) {
      ((ObjectNode) parent).set(token, value);
    } else {
      throw new IllegalArgumentException("cannot add " + path + " of patch " + file + " below a scalar");
    }
  }

  private static void set(JsonNode parent, String token, JsonNode value) {
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(token), value);
    } else {
      ((ObjectNode) parent).set(token, value);
    }
  }
}
