package org.pd1response.imaging.benchmark;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.imaging.ImagingModelResource;
import org.pd1response.imaging.TestModels;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.PipelineTestResource;

/**
 * Builds the benchmark model once per JVM (width and depth from the system properties
 * {@code benchmark.width} and {@code benchmark.depth}), times PyTorch eager on it, and publishes
 * it as the current {@value #NAME}.
 */
public class BenchmarkModelResource implements QuarkusTestResourceLifecycleManager {

  public static final String NAME = "imaging-bench";
  public static final int WIDTH = Integer.getInteger("benchmark.width", 16);
  public static final int DEPTH = Integer.getInteger("benchmark.depth", 4);
  public static final int BATCH = Integer.getInteger("benchmark.batch", 16);
  public static final int THREADS = Integer.getInteger("benchmark.threads", 2);
  /** Whether idle ONNX Runtime threads spin, in the service and in the raw session alike. */
  public static final boolean SPINNING = Boolean.parseBoolean(System.getProperty("benchmark.spinning", "true"));
  /** Batches in the service's pipeline at once. With 1, the service scores one batch after another. */
  public static final int IN_FLIGHT = Integer.getInteger("benchmark.in-flight", 4);
  /** Threads of the service's I/O pool for tensor reads, heat-map uploads and ledger markers. */
  public static final int IO_THREADS = Integer.getInteger("benchmark.io-threads", 4);

  private static TestModels.Generated model;

  private final PipelineTestResource pipeline = new PipelineTestResource();

  /** The benchmark model, built on first use. */
  public static synchronized TestModels.Generated model() {
    if (model == null) {
      model = TestModels.generate(NAME, "1.0.0", 5, WIDTH, DEPTH, List.of("--eager-batch", Integer.toString(BATCH),
          "--threads", Integer.toString(THREADS), "--eager-seconds", "10"));
    }
    return model;
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(pipeline.start());
    try (ObjectStore store = ImagingModelResource.openStore()) {
      new ModelRegistry(store, Clock.systemUTC()).publish(model().modelFile(), model().cardFile(), true);
    } catch (IOException e) {
      throw new IllegalStateException("publishing the benchmark model failed", e);
    }
    return config;
  }

  @Override
  public void stop() {
    pipeline.stop();
  }
}
