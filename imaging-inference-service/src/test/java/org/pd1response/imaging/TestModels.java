package org.pd1response.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.pd1response.contracts.EventJson;
import org.pd1response.testsupport.SharedData;

/**
 * Builds real ONNX test models with {@code src/test/python/make_test_model.py} through Debian's
 * {@code /usr/bin/python3} (which has torch 1.13 and onnx), once per version and JVM, under
 * {@code target/test-models}. Each model comes with input tensors (from real BUSI images when the
 * shared data is configured, seeded synthetic images otherwise) and PyTorch reference outputs.
 */
public final class TestModels {

  /** Interpreter with torch; the first {@code python3} on PATH may lack it. */
  public static final String PYTHON = System.getProperty("imaging.test.python", "/usr/bin/python3");
  public static final String NAME = "imaging-cnn";
  public static final String FIRST_VERSION = "1.0.0";
  public static final String SECOND_VERSION = "2.0.0";
  public static final int TENSOR_COUNT = 6;

  private static final Path SCRIPT = Path.of("src/test/python/make_test_model.py");
  private static final Path ROOT = Path.of("target/test-models");
  private static final Map<String, Generated> CACHE = new ConcurrentHashMap<>();

  /** One reference case: its tensor file, the PyTorch probability and the 224 x 224 Grad-CAM map file. */
  public record ReferenceCase(String imageId, Path tensorFile, Path heatMapFile, double probability) {}

  /** A generated model with its card and reference cases. */
  public record Generated(String name, String version, Path folder, Path modelFile, Path cardFile, JsonNode card,
      String preprocessingHash, List<ReferenceCase> cases, JsonNode reference) {}

  private TestModels() {}

  /** Builds the test model of the given version; each version has its own seeded weights. */
  public static Generated version(String version) {
    return CACHE.computeIfAbsent(NAME + "/" + version, key -> generate(NAME, version, seedOf(version), 8, 4, List.of()));
  }

  /** Builds a model under another registry name, for tests that need a separate registry entry. */
  public static Generated named(String name, String version) {
    return CACHE.computeIfAbsent(name + "/" + version, key -> generate(name, version, seedOf(version), 8, 4, List.of()));
  }

  /** Runs the script with extra arguments into a fresh folder; used by the benchmark. */
  public static Generated generate(String name, String version, int seed, int width, int depth, List<String> extra) {
    Path folder = ROOT.resolve(name + "-" + version + "-w" + width + "-d" + depth).toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toAbsolutePath().toString(), "--out",
        folder.toString(), "--name", name, "--version", version, "--seed", Integer.toString(seed), "--width",
        Integer.toString(width), "--depth", Integer.toString(depth), "--tensors", Integer.toString(TENSOR_COUNT)));
    SharedData.directory().ifPresent(data -> command.addAll(List.of("--data-dir", data.toString())));
    command.addAll(extra);
    try {
      Files.createDirectories(folder);
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(folder.resolve("make_test_model.log").toFile()).start();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("building the test model failed; command " + command + ", output:\n"
            + Files.readString(folder.resolve("make_test_model.log")));
      }
      JsonNode card = EventJson.mapper().readTree(folder.resolve("card.json").toFile());
      JsonNode reference = EventJson.mapper().readTree(folder.resolve("reference.json").toFile());
      List<ReferenceCase> cases = new ArrayList<>();
      for (JsonNode item : reference.get("cases")) {
        cases.add(new ReferenceCase(item.get("imageId").asText(), folder.resolve(item.get("tensorFile").asText()),
            folder.resolve(item.get("heatMapFile").asText()), item.get("probability").asDouble()));
      }
      return new Generated(name, version, folder, folder.resolve(card.get("modelFile").asText()),
          folder.resolve("card.json"), card, card.get("preprocessingHash").asText(), cases, reference);
    } catch (IOException e) {
      throw new IllegalStateException("building the test model in " + folder + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int seedOf(String version) {
    return 11 + Math.floorMod(version.hashCode(), 1000);
  }
}
