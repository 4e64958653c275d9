package org.pd1response.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.EmbeddedS3;

/** Copies the heat-map overlays of predictions from the local stack's object store to a folder. */
final class HeatMaps {

  /** The imaging service renders overlays off the scoring path, so they may appear after the prediction. */
  private static final Duration OVERLAY_WAIT = Duration.ofSeconds(30);

  private HeatMaps() {}

  static int download(StackLayout layout, Collection<Prediction> predictions, Path folder) throws IOException, InterruptedException {
    StorageSettings settings = new StorageSettings(layout.s3Endpoint(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY,
        null, "pd1-originals", "pd1-derived", Duration.ofSeconds(10), 3, Duration.ofMillis(200));
    int written = 0;
    try (ObjectStore store = new ObjectStore(settings)) {
      for (Prediction prediction : predictions) {
        if (prediction.heatMapKey() == null) {
          continue;
        }
        String overlayKey = overlayKeyOf(prediction.heatMapKey());
        long deadline = System.nanoTime() + OVERLAY_WAIT.toNanos();
        while (!store.exists(Bucket.DERIVED, overlayKey) && System.nanoTime() < deadline) {
          Thread.sleep(250);
        }
        if (!store.exists(Bucket.DERIVED, overlayKey)) {
          System.err.println("  no overlay at " + overlayKey + " yet for case " + prediction.caseId());
          continue;
        }
        Path target = folder.resolve(prediction.caseId() + "-r" + prediction.revision() + ".png");
        Files.write(target, store.get(Bucket.DERIVED, overlayKey).content());
        written++;
      }
    }
    return written;
  }

  /** Key of the rendered overlay next to a low-resolution heat map ({@code .npy} to {@code -overlay.png}). */
  static String overlayKeyOf(String heatMapKey) {
    return heatMapKey.endsWith(".npy") ? heatMapKey.substring(0, heatMapKey.length() - 4) + "-overlay.png" : heatMapKey;
  }
}
