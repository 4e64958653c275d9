package org.pd1response.imaging.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.pd1response.contracts.events.ModelRef;

/**
 * One loaded imaging model: an ONNX Runtime session whose graph was checked against the card, the
 * classifier weights read once at warm-up, and a reusable direct input buffer. Scoring is
 * serialised, because the service scores one batch at a time and the buffer is shared.
 */
public final class ImagingSession implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ImagingSession.class);

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final ImagingModelCard card;
  private final ModelRef ref;
  private final ProviderSelection provider;
  private final int imageSize;
  private final int channels;
  private final int mapHeight;
  private final int mapWidth;
  private float[] positiveWeights;
  private FloatBuffer input;
  private int inputCapacity;

  /**
   * Scores of one batch, and the low-resolution Grad-CAM map of each image (height * width values
   * of the feature maps) when maps were requested, otherwise null.
   */
  public record BatchOutput(float[] positiveProbabilities, float[][] heatMaps) {}

  private ImagingSession(OrtEnvironment environment, OrtSession session, ImagingModelCard card, ModelRef ref,
      ProviderSelection provider) {
    this.environment = environment;
    this.session = session;
    this.card = card;
    this.ref = ref;
    this.provider = provider;
    this.imageSize = Math.toIntExact(card.inputShape()[1] * card.inputShape()[2] * card.inputShape()[3]);
    this.channels = (int) card.featureMapsShape()[1];
    this.mapHeight = (int) card.featureMapsShape()[2];
    this.mapWidth = (int) card.featureMapsShape()[3];
  }

  /**
   * Opens a session, checks its inputs and outputs against the card, and warms it up.
   *
   * @throws InvalidModelException when the graph's names or shapes differ from the card's
   */
  public static ImagingSession open(OrtEnvironment environment, byte[] model, ImagingModelCard card, ModelRef ref,
      ExecutionSettings settings, int warmUpRuns) throws OrtException {
    SessionFactory.OpenedSession opened = SessionFactory.open(environment, model, settings);
    ImagingSession loaded = new ImagingSession(environment, opened.session(), card, ref, opened.selection());
    try {
      loaded.checkGraph();
      loaded.warmUp(Math.max(1, warmUpRuns));
    } catch (OrtException | RuntimeException e) {
      loaded.close();
      throw e;
    }
    return loaded;
  }

  public ImagingModelCard card() {
    return card;
  }

  public ModelRef ref() {
    return ref;
  }

  public ProviderSelection provider() {
    return provider;
  }

  /** Feature-map channels, height and width. */
  public int[] featureMapShape() {
    return new int[] {channels, mapHeight, mapWidth};
  }

  /** Classifier weights of the positive class, one per feature-map channel. */
  public float[] positiveWeights() {
    return positiveWeights.clone();
  }

  /**
   * Runs the model on a batch of images, each of {@code channels * height * width} values.
   *
   * @param withHeatMaps whether to compute each image's Grad-CAM map from the feature maps
   */
  public synchronized BatchOutput score(List<float[]> images, boolean withHeatMaps) throws OrtException {
    int batch = images.size();
    FloatBuffer buffer = inputBuffer(batch);
    for (float[] image : images) {
      if (image.length != imageSize) {
        throw new IllegalArgumentException("image must have " + imageSize + " values, found " + image.length);
      }
      buffer.put(image);
    }
    buffer.flip();
    long[] shape = {batch, card.inputShape()[1], card.inputShape()[2], card.inputShape()[3]};
    Set<String> outputs = withHeatMaps
        ? Set.of(card.probabilitiesName(), card.featureMapsName())
        : Set.of(card.probabilitiesName());
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, shape);
        OrtSession.Result result = session.run(Map.of(card.inputName(), tensor), outputs)) {
      float[] probabilities = floats(result, card.probabilitiesName());
      float[] positive = new float[batch];
      for (int i = 0; i < batch; i++) {
        positive[i] = probabilities[i * 2 + card.positiveClassIndex()];
      }
      return new BatchOutput(positive, withHeatMaps ? heatMaps(result, batch) : null);
    }
  }

  private FloatBuffer inputBuffer(int batch) {
    if (batch > inputCapacity) {
      inputCapacity = batch;
      input = ByteBuffer.allocateDirect(batch * imageSize * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    input.clear();
    input.limit(batch * imageSize);
    return input;
  }

  private static float[] floats(OrtSession.Result result, String name) throws OrtException {
    FloatBuffer buffer = floatBuffer(result, name);
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  /**
   * Computes the maps straight from the output buffer. The feature maps are large (800 KB per
   * image for 256 x 28 x 28), so a copy in an array would double the garbage of every batch. The
   * maps themselves are a few KB.
   */
  private float[][] heatMaps(OrtSession.Result result, int batch) throws OrtException {
    FloatBuffer maps = floatBuffer(result, card.featureMapsName());
    float[][] heatMaps = new float[batch][];
    for (int i = 0; i < batch; i++) {
      heatMaps[i] = GradCam.lowResolution(maps, i, channels, mapHeight, mapWidth, positiveWeights);
    }
    return heatMaps;
  }

  private static FloatBuffer floatBuffer(OrtSession.Result result, String name) throws OrtException {
    OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("output " + name + " is missing"));
    return ((OnnxTensor) value).getFloatBuffer();
  }

  private void checkGraph() throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (!inputs.keySet().equals(Set.of(card.inputName()))) {
      throw new InvalidModelException("model " + ref.name() + " " + ref.version() + " must have the one input '"
          + card.inputName() + "' named in its card, found " + inputs.keySet());
    }
    checkShape("input " + card.inputName(), inputs.get(card.inputName()), card.inputShape());
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    checkShape("output " + card.probabilitiesName(), outputs.get(card.probabilitiesName()), new long[] {-1, 2});
    checkShape("output " + card.featureMapsName(), outputs.get(card.featureMapsName()), card.featureMapsShape());
    checkShape("output " + card.classifierWeightsName(), outputs.get(card.classifierWeightsName()),
        card.classifierWeightsShape());
    LOG.infof("Model %s %s (%s): input %s %s, outputs %s, provider %s (%s)", ref.name(), ref.version(),
        card.architecture(), card.inputName(), Arrays.toString(card.inputShape()), outputs.keySet(),
        provider.provider(), provider.reason());
  }

  private void checkShape(String node, NodeInfo info, long[] expected) {
    if (info == null) {
      throw new InvalidModelException("model " + ref.name() + " " + ref.version() + " has no " + node
          + " although its card names it");
    }
    if (!(info.getInfo() instanceof TensorInfo tensor)) {
      throw new InvalidModelException(node + " of model " + ref.name() + " must be a tensor, found " + info.getInfo());
    }
    long[] actual = tensor.getShape();
    boolean matches = actual.length == expected.length;
    for (int i = 0; matches && i < actual.length; i++) {
      boolean dynamic = expected[i] == -1;
      matches = dynamic ? actual[i] <= 0 || actual[i] == 1 : actual[i] == expected[i];
    }
    if (!matches) {
      throw new InvalidModelException(node + " of model " + ref.name() + " " + ref.version() + " must have shape "
          + Arrays.toString(expected) + " as in its card, found " + Arrays.toString(actual));
    }
  }

  private void warmUp(int runs) throws OrtException {
    float[] zeros = new float[imageSize];
    long start = System.nanoTime();
    // The classifier weights come first: the warm-up runs compute heat maps, which need them.
    FloatBuffer buffer = inputBuffer(1);
    buffer.put(zeros).flip();
    long[] shape = {1, card.inputShape()[1], card.inputShape()[2], card.inputShape()[3]};
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, shape);
        OrtSession.Result result = session.run(Map.of(card.inputName(), tensor), Set.of(card.classifierWeightsName()))) {
      float[] weights = floats(result, card.classifierWeightsName());
      positiveWeights = Arrays.copyOfRange(weights, card.positiveClassIndex() * channels,
          (card.positiveClassIndex() + 1) * channels);
    }
    for (int i = 0; i < runs; i++) {
      score(List.of(zeros), true);
    }
    LOG.infof("Model %s %s warmed up with %d runs in %d ms", ref.name(), ref.version(), runs,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Releases the native session. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warnf("Closing the session of model %s %s failed: %s", ref.name(), ref.version(), e.getMessage());
    }
  }
}
