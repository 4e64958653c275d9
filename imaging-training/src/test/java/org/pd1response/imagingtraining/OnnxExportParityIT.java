package org.pd1response.imagingtraining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.ModelCardSchema;

/**
 * Trains the study CNN for one epoch on a generated cohort with Debian's Python, exports it, and
 * checks the ONNX model in ONNX Runtime against the PyTorch outputs saved by the exporter.
 */
class OnnxExportParityIT {

  private static final String PYTHON = System.getProperty("python.executable", "/usr/bin/python3");
  private static final String PYTHON_SOURCES = System.getProperty("python.source.dir", "src/main/python");
  private static final int GENERATED_CASES = 40;
  private static final int GENERATOR_SEED = 11;
  private static final long PYTHON_TIMEOUT_MINUTES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path workFolder;

  private static Path cohort;
  private static Path export;
  private static OnnxParityCheck.Report report;

  @BeforeAll
  static void trainAndExportOneEpoch() throws Exception {
    cohort = workFolder.resolve("cohort");
    export = workFolder.resolve("export");
    runPython("generate", "--out", cohort.toString(), "--cases", String.valueOf(GENERATED_CASES),
        "--seed", String.valueOf(GENERATOR_SEED));
    runPython("train", "--cohort", cohort.toString(), "--out", export.toString(), "--architecture", "study-cnn",
        "--max-epochs", "1", "--batch-size", "8", "--name", "imaging-parity-test", "--version", "0.0.1");
    report = OnnxParityCheck.compare(export);
  }

  @Test
  void onnxRuntimeMatchesPyTorchAtEachBatchSize() {
    // given one exported model and its PyTorch reference outputs on the validation tensors
    assertTrue(report.cases() >= 7, "need at least 7 reference cases for batch size 7, found " + report.cases());

    // when ONNX Runtime runs them at batch sizes 1, 2 and 7
    Map<Integer, Map<String, Double>> differences = report.maxAbsoluteDifference();

    // then every output agrees within 1e-5 at every batch size
    assertEquals(OnnxParityCheck.BATCH_SIZES, List.copyOf(differences.keySet()));
    differences.forEach((batchSize, byOutput) -> byOutput.forEach((output, difference) ->
        assertTrue(difference <= OnnxParityCheck.DEFAULT_TOLERANCE,
            "batch " + batchSize + ", output " + output + ": max difference " + difference)));
  }

  @Test
  void exportedInputHasDynamicBatchAxis() {
    assertArrayEquals(new long[] {-1, 3, 224, 224}, report.inputShape());
  }

  @Test
  void modelCardPassesCommonSchema() throws IOException {
    // given the card written next to the model
    JsonNode card = JSON.readTree(export.resolve("model-card.json").toFile());

    // when it is validated against the common model-card schema
    List<String> violations = ModelCardSchema.violations(card);

    // then it is valid and declares an ONNX imaging model
    assertEquals(List.of(), violations);
    assertEquals("IMAGING", card.get("kind").asText());
    assertEquals("ONNX", card.get("format").asText());
    assertEquals("imaging-parity-test", card.get("name").asText());
  }

  @Test
  void modelCardHashesMatchFiles() throws Exception {
    JsonNode card = JSON.readTree(export.resolve("model-card.json").toFile());

    assertEquals(sha256(export.resolve("model.onnx")), card.get("sha256").asText());
    assertEquals(sha256(cohort.resolve("manifest.csv")), card.get("trainingDataSha256").asText());
    assertEquals(Files.readString(cohort.resolve("preprocessing.sha256"), StandardCharsets.US_ASCII).strip(),
        card.get("preprocessingHash").asText());
  }

  @Test
  void modelCardShapesMatchReferenceOutputs() throws IOException {
    JsonNode outputs = JSON.readTree(export.resolve("model-card.json").toFile()).get("outputs");
    NpyArray featureMaps = NpyArray.read(export.resolve("reference/feature_maps.npy"));
    NpyArray weights = NpyArray.read(export.resolve("reference/classifier_weights.npy"));

    long[] declaredMaps = JSON.convertValue(outputs.get("featureMaps").get("shape"), long[].class);
    long[] declaredWeights = JSON.convertValue(outputs.get("classifierWeights").get("shape"), long[].class);
    assertEquals(-1, declaredMaps[0]);
    assertArrayEquals(java.util.Arrays.copyOfRange(featureMaps.shape(), 1, 4),
        java.util.Arrays.copyOfRange(declaredMaps, 1, 4));
    assertArrayEquals(weights.shape(), declaredWeights);
    assertEquals(declaredMaps[1], declaredWeights[1], "classifier weights need one column per feature map");
  }

  private static void runPython(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "pd1_imaging"));
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile(workFolder, "python-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PYTHONPATH", PYTHON_SOURCES);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    if (!process.waitFor(PYTHON_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " timed out after " + PYTHON_TIMEOUT_MINUTES + " minutes:\n"
          + Files.readString(log));
    }
    assertEquals(0, process.exitValue(), () -> command + " failed:\n" + readQuietly(log));
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
