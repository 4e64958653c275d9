package org.pd1response.imagingtraining;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an exported imaging model in ONNX Runtime and compares its outputs with the PyTorch outputs
 * that the training package saved next to it, at several batch sizes.
 *
 * <p>ONNX Runtime has no build for Debian's Python, and the serving side runs the model from Java,
 * so this check uses the same runtime that serves the model. Usage: {@code OnnxParityCheck
 * EXPORT_FOLDER [TOLERANCE]}, where the folder holds {@code model.onnx} and {@code reference/}.
 */
public final class OnnxParityCheck {

  public static final String INPUT = "input";
  public static final List<String> OUTPUTS = List.of("probabilities", "feature_maps", "classifier_weights");
  public static final List<Integer> BATCH_SIZES = List.of(1, 2, 7);
  public static final double DEFAULT_TOLERANCE = 1e-5;

  private static final Map<String, String> REFERENCE_FILES = Map.of(
      INPUT, "inputs.npy",
      "probabilities", "probabilities.npy",
      "feature_maps", "feature_maps.npy",
      "classifier_weights", "classifier_weights.npy");

  private OnnxParityCheck() {}

  /**
   * Maximum absolute differences between ONNX Runtime and PyTorch.
   *
   * @param maxAbsoluteDifference per batch size, per output name
   * @param cases reference inputs compared at each batch size
   * @param inputShape input shape declared by the model, -1 for a dynamic axis
   */
  public record Report(Map<Integer, Map<String, Double>> maxAbsoluteDifference, int cases, long[] inputShape) {

    /** Returns the largest difference over every batch size and output. */
    public double worst() {
      return maxAbsoluteDifference.values().stream()
          .flatMap(byOutput -> byOutput.values().stream())
          .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  /** Compares every reference input at each of {@link #BATCH_SIZES}. */
  public static Report compare(Path exportFolder) throws IOException, OrtException {
    Path modelPath = exportFolder.resolve("model.onnx");
    if (!Files.isRegularFile(modelPath)) {
      throw new IOException("model not found: " + modelPath + " (run pd1_imaging train first)");
    }
    Map<String, NpyArray> reference = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : REFERENCE_FILES.entrySet()) {
      reference.put(file.getKey(), NpyArray.read(exportFolder.resolve("reference").resolve(file.getValue())));
    }
    NpyArray inputs = reference.get(INPUT);

    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = environment.createSession(modelPath.toString(), options)) {
      checkNames(session);
      long[] inputShape = ((TensorInfo) session.getInputInfo().get(INPUT).getInfo()).getShape();
      Map<Integer, Map<String, Double>> differences = new LinkedHashMap<>();
      for (int batchSize : BATCH_SIZES) {
        differences.put(batchSize, compareAtBatchSize(environment, session, reference, inputs, batchSize));
      }
      return new Report(differences, inputs.rows(), inputShape);
    }
  }

  private static void checkNames(OrtSession session) throws OrtException {
    Map<String, NodeInfo> inputInfo = session.getInputInfo();
    if (!inputInfo.keySet().equals(java.util.Set.of(INPUT))) {
      throw new IllegalStateException("model inputs must be [" + INPUT + "], found " + inputInfo.keySet());
    }
    if (!session.getOutputNames().containsAll(OUTPUTS)) {
      throw new IllegalStateException("model outputs must include " + OUTPUTS + ", found " + session.getOutputNames());
    }
  }

  private static Map<String, Double> compareAtBatchSize(OrtEnvironment environment, OrtSession session,
      Map<String, NpyArray> reference, NpyArray inputs, int batchSize) throws OrtException {
    Map<String, Double> worst = new LinkedHashMap<>();
    OUTPUTS.forEach(name -> worst.put(name, 0.0));
    int rowLength = inputs.rowLength();
    for (int start = 0; start < inputs.rows(); start += batchSize) {
      int count = Math.min(batchSize, inputs.rows() - start);
      long[] shape = inputs.shape().clone();
      shape[0] = count;
      FloatBuffer batch = FloatBuffer.wrap(inputs.values(), start * rowLength, count * rowLength).slice();
      try (OnnxTensor tensor = OnnxTensor.createTensor(environment, batch, shape);
          OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
        for (String name : OUTPUTS) {
          float[] actual = flatten(result.get(name).orElseThrow());
          NpyArray expected = reference.get(name);
          // The classifier weights have no batch axis, so every batch is compared with all of them.
          int offset = name.equals("classifier_weights") ? 0 : start * expected.rowLength();
          worst.merge(name, maxAbsoluteDifference(expected.values(), offset, actual), Math::max);
        }
      }
    }
    return worst;
  }

  private static float[] flatten(OnnxValue value) {
    FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static double maxAbsoluteDifference(float[] expected, int offset, float[] actual) {
    if (offset + actual.length > expected.length) {
      throw new IllegalStateException("ONNX Runtime returned " + actual.length + " values at offset " + offset
          + ", but the reference holds only " + expected.length);
    }
    double worst = 0.0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs((double) expected[offset + i] - actual[i]));
    }
    return worst;
  }

  /** Prints the differences per batch size and exits with 1 when any exceeds the tolerance. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: OnnxParityCheck EXPORT_FOLDER [TOLERANCE]");
      System.exit(2);
    }
    double tolerance = args.length == 2 ? Double.parseDouble(args[1]) : DEFAULT_TOLERANCE;
    Report report = compare(Path.of(args[0]));
    System.out.printf("%d reference cases, input shape %s%n", report.cases(), Arrays.toString(report.inputShape()));
    report.maxAbsoluteDifference().forEach((batchSize, byOutput) ->
        System.out.printf("batch %d: max |ONNX Runtime - PyTorch| %s%n", batchSize, byOutput));
    boolean within = report.worst() <= tolerance;
    System.out.printf("worst %.3e, tolerance %.1e: %s%n", report.worst(), tolerance, within ? "match" : "MISMATCH");
    System.exit(within ? 0 : 1);
  }
}
