package org.pd1response.deployment.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code images} transformer: replaces the name, tag or digest of matching container images. */
final class Images {

  private Images() {}

  static void apply(JsonNode rule, List<ObjectNode> resources) {
    String name = rule.path("name").asText();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("expected 'name' in images entry, found: " + rule);
    }
    for (ObjectNode resource : resources) {
      rewrite(resource, rule, name);
    }
  }

  private static void rewrite(JsonNode node, JsonNode rule, String name) {
    if (node.isObject()) {
      for (String field : List.of("containers", "initContainers")) {
        for (JsonNode container : node.path(field)) {
          if (container.isObject() && container.hasNonNull("image")) {
            ObjectNode target = (ObjectNode) container;
            target.put("image", replace(target.get("image").asText(), rule, name));
          }
        }
      }
      node.forEach(child -> rewrite(child, rule, name));
    } else if (node.isArray()) {
      node.forEach(child -> rewrite(child, rule, name));
    }
  }

  /** Splits {@code image} into repository, tag and digest and applies the rule when the repository matches. */
  static String replace(String image, JsonNode rule, String name) {
    String repository = image;
    String suffix = "";
    int at = repository.indexOf('@');
    if (at >= 0) {
      suffix = repository.substring(at);
      repository = repository.substring(0, at);
    } else {
      int colon = repository.lastIndexOf(':');
      if (colon > repository.lastIndexOf('/')) {
        suffix = repository.substring(colon);
        repository = repository.substring(0, colon);
      }
    }
    if (!repository.equals(name)) {
      return image;
    }
    if (rule.hasNonNull("newName")) {
      repository = rule.get("newName").asText();
    }
    if (rule.hasNonNull("digest")) {
      suffix = "@" + rule.get("digest").asText();
    } else if (rule.hasNonNull("newTag")) {
      suffix = ":" + rule.get("newTag").asText();
    }
    return repository + suffix;
  }
}
