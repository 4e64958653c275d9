package org.pd1response.imaging.heatmap;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.imaging.config.ImagingInferenceConfig;
import org.pd1response.imaging.model.GradCam;
import org.pd1response.imaging.model.ImagingModelCard;
import org.pd1response.imaging.model.InvalidTensorException;
import org.pd1response.imaging.model.NpyArrays;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectNotFoundException;
import org.pd1response.storage.ObjectStore;

/**
 * Stores Grad-CAM maps in the derived bucket: the low-resolution map as a float32 {@code .npy}
 * (a few KB, the feature-map size) on the scoring path, and the overlay PNG either rendered by one
 * background thread for every score or rendered when first requested.
 *
 * <p>In the background, upsampling and PNG encoding run beside scoring, so a score event may arrive
 * before its overlay object exists. When the render queue is full, the calling thread renders the
 * overlay itself, which slows publishing instead of dropping overlays. On request, scoring pays
 * for no overlay at all; {@link #overlay} renders one from the stored map and the case's tensor
 * and keeps it under the same key.
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
        store.put(Bucket.DERIVED, key, render(image, size, map, height, width), "image/png");
        meters.counter("imaging.heatmap.overlays", "outcome", "stored").increment();
      } catch (RuntimeException e) {
        meters.counter("imaging.heatmap.overlays", "outcome", "failed").increment();
        LOG.errorf(e, "Rendering the overlay %s failed; the score event names a missing object", key);
      }
    });
    return key;
  }

  /**
   * Returns the overlay PNG of one case revision's heat map, rendering and storing it first if no
   * overlay is stored yet. The tensor's key comes from the preprocessing hash in the card of the
   * model that made the map, so the map and the image always belong to the same score.
   *
   * @throws ObjectNotFoundException naming the missing heat map, model card or tensor
   * @throws IllegalArgumentException when an argument is not a valid part of an object key
   * @throws InvalidTensorException when the stored map or tensor does not have the card's shape
   */
  public byte[] overlay(String caseId, int revision, String modelName, String modelVersion)
      throws InvalidTensorException {
    String key = ObjectKeys.heatMapOverlay(caseId, revision, modelName, modelVersion);
    try {
      return store.get(Bucket.DERIVED, key).content();
    } catch (ObjectNotFoundException e) {
      LOG.debugf("No overlay at %s yet; rendering it", key);
    }
    String mapKey = ObjectKeys.heatMap(caseId, revision, modelName, modelVersion);
    byte[] mapFile = read(mapKey, "heat map not found for case " + caseId + " revision " + revision + " and model "
        + modelName + " " + modelVersion + " at " + mapKey + "; check the revision, model name and version against the"
        + " prediction, or score the case with that model");
    String cardKey = ObjectKeys.modelCard(modelName, modelVersion);
    ImagingModelCard card = card(cardKey, read(cardKey, "model card not found for model " + modelName + " "
        + modelVersion + " at " + cardKey + "; the overlay needs its preprocessing hash and shapes"));
    String tensorKey = ObjectKeys.tensor(caseId, revision, card.preprocessingHash());
    byte[] tensorFile = read(tensorKey, "tensor not found for case " + caseId + " revision " + revision + " at "
        + tensorKey + "; the overlay is drawn over it");

    int height = (int) card.featureMapsShape()[2];
    int width = (int) card.featureMapsShape()[3];
    int[] image = card.imageShape();
    float[] map = NpyArrays.readFloat32(mapFile, new int[] {height, width});
    float[] firstChannel = Arrays.copyOf(NpyArrays.readFloat32(tensorFile, image), image[1] * image[2]);
    byte[] png = render(firstChannel, image[1], map, height, width);
    store.put(Bucket.DERIVED, key, png, "image/png");
    meters.counter("imaging.heatmap.overlays", "outcome", "rendered-on-request").increment();
    return png;
  }

  /** Upsamples the map to the image size and renders it over the image, size * size values. */
  private byte[] render(float[] image, int size, float[] map, int height, int width) {
    return OverlayRenderer.render(image, GradCam.upsample(map, height, width, size, size), size, opacity);
  }

  /** Reads one object of the derived bucket, or raises {@code missing} as the reason when it does not exist. */
  private byte[] read(String key, String missing) {
    try {
      return store.get(Bucket.DERIVED, key).content();
    } catch (ObjectNotFoundException e) {
      throw new ObjectNotFoundException(missing);
    }
  }

  private static ImagingModelCard card(String cardKey, byte[] content) {
    try {
      return ImagingModelCard.parse(EventJson.mapper().readTree(content));
    } catch (IOException e) {
      throw new UncheckedIOException("model card " + cardKey + " is not valid JSON", e);
    }
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
