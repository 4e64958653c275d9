package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pd1response.deployment.kustomize.KustomizeRenderer;

/**
 * Compares the Java renderer with Kustomize itself ({@code kubectl kustomize}) where kubectl is
 * installed, so that the invariant tests check what a cluster would receive.
 */
class KustomizeParityTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void rendersLikeKubectlKustomize(String directory) throws Exception {
    // Given
    assumeTrue(kubectlOnPath(), "kubectl is not on PATH; the Java renderer is not compared with Kustomize");
    Path path = Repository.root().resolve("deploy/kubernetes").resolve(directory);

    // When
    Map<String, JsonNode> expected = byIdentity(kubectlKustomize(path));
    Map<String, JsonNode> actual = new TreeMap<>();
    new KustomizeRenderer().render(path).forEach(node -> actual.put(identity(node), node));

    // Then
    assertEquals(expected.keySet(), actual.keySet(), "resources rendered for " + directory);
    for (String resource : expected.keySet()) {
      assertEquals(expected.get(resource), actual.get(resource), resource + " rendered for " + directory);
    }
  }

  private static boolean kubectlOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (new File(folder, "kubectl").canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static String kubectlKustomize(Path directory) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + output);
    }
    return output;
  }

  private static Map<String, JsonNode> byIdentity(String yaml) throws IOException {
    Map<String, JsonNode> resources = new TreeMap<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        resources.put(identity(document), document);
      }
    }
    return resources;
  }

  private static String identity(JsonNode resource) {
    return resource.path("kind").asText() + "/" + resource.path("metadata").path("name").asText();
  }
}
