package org.pd1response.deployment.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ConfigMaps of a kustomization's {@code configMapGenerator}, keyed by file name or literal key. */
final class ConfigMapGenerator {

  private ConfigMapGenerator() {}

  static List<ObjectNode> generate(Path directory, ObjectNode kustomization) {
    List<ObjectNode> configMaps = new ArrayList<>();
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      ObjectNode configMap = JsonNodeFactory.instance.objectNode();
      configMap.put("apiVersion", "v1");
      configMap.put("kind", "ConfigMap");
      configMap.putObject("metadata").put("name", generator.path("name").asText());
      ObjectNode data = configMap.putObject("data");
      for (String entry : KustomizeRenderer.strings(generator, "files")) {
        Path file = directory.resolve(entry).normalize();
        try {
          data.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("reading generator file " + file + " failed", e);
        }
      }
      for (String literal : KustomizeRenderer.strings(generator, "literals")) {
        int separator = literal.indexOf('=');
        if (separator < 1) {
          throw new IllegalArgumentException("expected KEY=VALUE in configMapGenerator " + generator.path("name")
              + ", found '" + literal + "'");
        }
        data.put(literal.substring(0, separator), literal.substring(separator + 1));
      }
      configMaps.add(configMap);
    }
    return configMaps;
  }
}
