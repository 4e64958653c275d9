package org.pd1response.imaging.heatmap;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.imaging.config.ImagingInferenceConfig;
import org.pd1response.imaging.model.GradCam;
import org.pd1response.imaging.model.NpyArrays;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;

/**
 * Stores Grad-CAM maps in the derived bucket: the low-resolution map as a float32 {@code .npy}
 * (a few KB, the feature-map size) on the scoring path, and the overlay PNG rendered by one
 * background thread, so that upsampling and PNG encoding do not slow scoring. A score event may
 * therefore arrive before its overlay object exists. When the render queue is full, the calling
 * thread renders the overlay itself, which slows publishing instead of dropping overlays.
 */
@ApplicationScoped
public class HeatMapStore {

  private static final Logger LOG = Logger.getLogger(HeatMapStore.class);

  private final ObjectStore store;
  private final MeterRegistry meters;
  private final double opacity;
  private final ThreadPoolExecutor renderer;

  public HeatMapStore(ObjectStore store, MeterRegistry meters, ImagingInferenceConfig config) {
    this.store = store;
    this.meters = meters;
    this.opacity = config.heatMap().overlayOpacity();
    this.renderer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(1, config.heatMap().overlayQueue())), runnable -> {
          Thread thread = new Thread(runnable, "heat-map-overlay");
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /**
   * Stores the low-resolution map of one case revision.
   *
   * @return the object key
   */
  public String storeMap(String caseId, int revision, ModelRef model, float[] map, int height, int width) {
    String key = ObjectKeys.heatMap(caseId, revision, model.name(), model.version());
    store.put(Bucket.DERIVED, key, NpyArrays.writeFloat32(new int[] {height, width}, map), "application/octet-stream");
    return key;
  }

  /**
   * Queues the overlay PNG of one case revision for rendering.
   *
   * @param image the first channel of the input tensor, size * size values
   * @return the key the overlay will be stored under
   */
  public String renderOverlayLater(String caseId, int revision, ModelRef model, float[] image, int size,
      float[] map, int height, int width) {
    String key = ObjectKeys.heatMapOverlay(caseId, revision, model.name(), model.version());
    renderer.execute(() -> {
      try {
        float[] upsampled = GradCam.upsample(map, height, width, size, size);
        store.put(Bucket.DERIVED, key, OverlayRenderer.render(image, upsampled, size, opacity), "image/png");
        meters.counter("imaging.heatmap.overlays", "outcome", "stored").increment();
      } catch (RuntimeException e) {
        meters.counter("imaging.heatmap.overlays", "outcome", "failed").increment();
        LOG.errorf(e, "Rendering the overlay %s failed; the score event names a missing object", key);
      }
    });
    return key;
  }

  /** Overlays queued or rendering now. */
  public int pendingOverlays() {
    return renderer.getQueue().size() + renderer.getActiveCount();
  }

  @PreDestroy
  void stop() {
    renderer.shutdown();
    try {
      if (!renderer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warnf("%d overlays were still queued at shutdown and are not rendered", renderer.shutdownNow().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
