package org.pd1response.imaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the imaging inference service. */
@ConfigMapping(prefix = "pipeline.imaging")
public interface ImagingInferenceConfig {

  /** Model selection in the registry. */
  ModelConfig model();

  /** ONNX Runtime execution provider and threads. */
  ExecutionConfig execution();

  /** Micro-batching of input events. */
  BatchConfig batch();

  /** Grad-CAM heat maps and their overlays. */
  HeatMapConfig heatMap();

  /** Monitoring of the messaging channels. */
  ChannelsConfig channels();

  /** Registry name, version and warm-up of the served model. */
  interface ModelConfig {

    /** Registry name of the imaging model. */
    @WithDefault("imaging-cnn")
    String name();

    /**
     * Version to serve; when empty, the service serves the name's {@code current} version and
     * follows promotions announced on the model topic.
     */
    Optional<String> version();

    /** Inference runs on a zero tensor at start-up and after each switch, to warm up the session. */
    @WithDefault("2")
    int warmUpRuns();

    /** How long a batch waits for a model to be loaded before it is retried by the consumer. */
    @WithDefault("PT30S")
    Duration loadWait();
  }

  /** ONNX Runtime session options. */
  interface ExecutionConfig {

    /** Execution provider: AUTO (CUDA when it starts, else CPU), CUDA or CPU. */
    @WithDefault("AUTO")
    ExecutionProvider provider();

    /** Response to a failed CUDA start with provider CUDA: FAIL stops loading, FALL_BACK uses the CPU. */
    @WithDefault("FAIL")
    CudaFailurePolicy cudaFailure();

    /** CUDA device ordinal. */
    @WithDefault("0")
    int cudaDevice();

    /** Threads used inside one operator; 0 lets ONNX Runtime choose one per physical core. */
    @WithDefault("0")
    int intraOpThreads();

    /** Threads that run independent operators in parallel; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int interOpThreads();

    /** Whether idle ONNX Runtime threads spin before sleeping: lower latency, more CPU use. */
    @WithDefault("true")
    boolean allowSpinning();
  }

  /**
   * Micro-batching. The Kafka consumer's poll bounds each batch: {@code max.poll.records} is the
   * maximum batch size, and {@code fetch.min.bytes} with {@code fetch.max.wait.ms} make the broker
   * wait a bounded time for a batch to fill. The channel configuration reads these keys.
   */
  interface BatchConfig {

    /** Most events scored in one ONNX Runtime call. */
    @WithDefault("16")
    int maxSize();

    /** Maximum time, in milliseconds, that the broker waits to fill a fetch for a batch. */
    @WithDefault("20")
    int maxWaitMs();

    /**
     * Bytes the broker waits for, up to {@link #maxWaitMs()}, before it returns a fetch. The
     * default is about max-size times the size of one event (about 1 KB), so that a fetch fills a batch.
     */
    @WithDefault("16384")
    int minFetchBytes();

    /**
     * Batches that may be in the scoring pipeline at once: one reading tensors, one in ONNX
     * Runtime, one publishing its scores and one recorded in the ledger. With 1, the service scores
     * one batch after another.
     */
    @WithDefault("4")
    int maxInFlight();

    /** Threads that read tensors and write heat maps and ledger markers, shared by the batches in flight. */
    @WithDefault("4")
    int ioThreads();

    /** Maximum wait for the broker to acknowledge the score events of one batch. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /**
     * Maximum time one pipeline step may work on one batch before liveness turns DOWN. Waiting
     * for a model to load does not count. It should exceed the slowest normal step, including the
     * S3 client's retries and {@link #sendTimeout()}.
     */
    @WithDefault("PT5M")
    Duration stepTimeout();
  }

  /** Grad-CAM output. */
  interface HeatMapConfig {

    /** Whether each score gets a Grad-CAM heat map. */
    @WithDefault("true")
    boolean enabled();

    /** Whether each heat map gets an overlay PNG, and the score event its key. */
    @WithDefault("true")
    boolean overlay();

    /**
     * When overlays are rendered. {@code background}: for every score, by one thread beside the
     * scoring path, which still takes CPU from scoring when the machine is busy. {@code on-request}:
     * only when first requested at {@code GET /heat-maps/...}. In both modes the score event names
     * the key the overlay is stored under.
     */
    @WithDefault("background")
    OverlayRendering overlayRendering();

    /**
     * Overlay renders waiting for the render thread in {@code background} mode. When the queue is
     * full, the thread that stores the map renders the overlay itself.
     */
    @WithDefault("64")
    int overlayQueue();

    /** Opacity of the heat map over the image in the overlay, from 0 to 1. */
    @WithDefault("0.45")
    double overlayOpacity();

    /** When overlay PNGs are rendered. */
    enum OverlayRendering {
      BACKGROUND,
      ON_REQUEST
    }
  }

  /** Monitoring of the messaging channels. */
  interface ChannelsConfig {

    /**
     * Period of the check that logs a messaging channel the connector has failed. A failed channel
     * delivers no more messages, and the liveness check stays DOWN until the service restarts.
     */
    @WithDefault("PT5S")
    Duration failureCheckInterval();
  }
}
