package org.pd1response.deployment.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One entry of a kustomization's {@code patches}: a file holding either a JSON 6902 operation list
 * (which needs a target) or strategic-merge documents (each applied to the resource of the same
 * kind and name, within the target when one is given).
 */
final class Patches {

  private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name");

  private Patches() {}

  static void apply(Path directory, JsonNode entry, List<ObjectNode> resources) {
    if (!entry.hasNonNull("path")) {
      throw new UnsupportedOperationException("only patches with 'path' are supported, found: " + entry);
    }
    Path file = directory.resolve(entry.get("path").asText()).normalize();
    JsonNode target = entry.path("target");
    target.fieldNames().forEachRemaining(field -> {
      if (!TARGET_FIELDS.contains(field)) {
        throw new UnsupportedOperationException("patch target field '" + field + "' of " + file
            + " is not supported; supported: " + TARGET_FIELDS);
      }
    });
    List<JsonNode> documents = KustomizeRenderer.readDocuments(file);
    if (documents.size() == 1 && documents.get(0).isArray()) {
      if (target.isMissingNode()) {
        throw new IllegalArgumentException("JSON 6902 patch " + file + " needs a target, found none");
      }
      int matched = 0;
      for (ObjectNode resource : resources) {
        if (matches(target, resource)) {
          JsonPatch.apply(resource, documents.get(0), file);
          matched++;
        }
      }
      requireMatch(matched, file, target);
      return;
    }
    for (JsonNode document : documents) {
      int matched = 0;
      for (ObjectNode resource : resources) {
        if (sameObject(document, resource) && (target.isMissingNode() || matches(target, resource))) {
          StrategicMerge.merge(resource, (ObjectNode) document, StrategicMerge.isBuiltIn(resource));
          matched++;
        }
      }
      requireMatch(matched, file, document.path("kind").asText() + " " + document.path("metadata").path("name"));
    }
  }

  private static void requireMatch(int matched, Path file, Object target) {
    if (matched == 0) {
      throw new IllegalArgumentException("patch " + file + " matched no resource; expected a match for " + target);
    }
  }

  private static boolean sameObject(JsonNode patch, JsonNode resource) {
    return patch.path("kind").asText().equals(resource.path("kind").asText())
        && patch.path("metadata").path("name").asText().equals(resource.path("metadata").path("name").asText());
  }

  static boolean matches(JsonNode target, JsonNode resource) {
    String apiVersion = resource.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return field(target, "group", group) && field(target, "version", version)
        && field(target, "kind", resource.path("kind").asText())
        && field(target, "name", resource.path("metadata").path("name").asText());
  }

  private static boolean field(JsonNode target, String name, String actual) {
    return !target.hasNonNull(name) || target.get(name).asText().equals(actual);
  }
}
