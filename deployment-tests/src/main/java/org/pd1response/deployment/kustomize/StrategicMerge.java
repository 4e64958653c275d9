package org.pd1response.deployment.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch as Kustomize applies it, limited to the merge keys of pod templates.
 *
 * <p>Maps merge field by field and a {@code null} value removes the field. For built-in kinds, the
 * lists in {@link #MERGE_KEYS} merge element by element on their key (a patch element without a
 * match is appended); every other list, and every list of a custom resource (which Kustomize
 * merges as a JSON merge patch), is replaced. Directives such as {@code $patch} are rejected.
 */
final class StrategicMerge {

  /** Merge key of each list field that Kubernetes merges by key inside pod templates. */
  static final Map<String, String> MERGE_KEYS = Map.of(
      "containers", "name",
      "initContainers", "name",
      "env", "name",
      "volumes", "name",
      "volumeMounts", "mountPath",
      "ports", "containerPort",
      "imagePullSecrets", "name");

  private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling");

  private StrategicMerge() {}

  static boolean isBuiltIn(JsonNode resource) {
    String apiVersion = resource.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return BUILT_IN_GROUPS.contains(group) || group.endsWith(".k8s.io");
  }

  static void merge(ObjectNode target, ObjectNode patch, boolean builtIn) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.startsWith("$")) {
        throw new UnsupportedOperationException("strategic merge directive '" + name + "' is not supported");
      }
      JsonNode existing = target.get(name);
      if (value.isNull()) {
        target.remove(name);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, (ObjectNode) value, builtIn);
      } else if (value.isArray() && existing != null && existing.isArray() && builtIn
          && MERGE_KEYS.containsKey(name)) {
        mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name), builtIn);
      } else {
        target.set(name, value.deepCopy());
      }
    }
  }

  private static void mergeList(ArrayNode target, ArrayNode patch, String key, boolean builtIn) {
    for (JsonNode element : patch) {
      JsonNode match = null;
      for (JsonNode candidate : target) {
        if (candidate.path(key).equals(element.path(key))) {
          match = candidate;
          break;
        }
      }
      if (match != null && match.isObject() && element.isObject()) {
        merge((ObjectNode) match, (ObjectNode) element, builtIn);
      } else {
        target.add(element.deepCopy());
      }
    }
  }
}
