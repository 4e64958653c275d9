package org.pd1response.preprocessing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The synthetic fixture images and reference cases under {@code src/test/resources/fixtures}. */
final class Fixtures {

  /** One reference case: an image, its masks and the parameters, with the checked-in reference. */
  record Case(String name, Path image, List<Path> masks, PreprocessingParameters parameters, JsonNode parametersJson) {

    byte[] imageBytes() {
      return read(image);
    }

    List<byte[]> maskBytes() {
      return masks.stream().map(Fixtures::read).toList();
    }

    Path reference() {
      return directory().resolve("reference").resolve(name + ".npy");
    }
  }

  private Fixtures() {}

  static Path directory() {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/cases.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Case> cases() {
    Path root = directory();
    try {
      JsonNode list = new ObjectMapper().readTree(root.resolve("cases.json").toFile());
      List<Case> cases = new ArrayList<>();
      for (JsonNode node : list) {
        List<Path> masks = new ArrayList<>();
        node.get("masks").forEach(mask -> masks.add(root.resolve(mask.asText())));
        cases.add(new Case(node.get("name").asText(), root.resolve(node.get("image").asText()), masks,
            PreprocessingParameters.fromJson(node.get("params")), node.get("params")));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Case byName(String name) {
    return cases().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fixture case named " + name));
  }

  static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
