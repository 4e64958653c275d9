package org.pd1response.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction;

/**
 * Copies the heat-map overlays of predictions to a folder, through the imaging service's overlay
 * endpoint. The endpoint serves a stored overlay or renders it first, so this works with overlays
 * rendered in the background and with overlays rendered on request.
 */
final class HeatMaps {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private HeatMaps() {}

  static int download(StackLayout layout, Collection<Prediction> predictions, Path folder)
      throws IOException, InterruptedException {
    int port = layout.service("imaging-inference-service").port();
    HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    int written = 0;
    for (Prediction prediction : predictions) {
      if (prediction.heatMapKey() == null || prediction.imaging() == null) {
        continue;
      }
      URI uri = URI.create("http://127.0.0.1:" + port + overlayPath(prediction));
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        System.err.println("  no overlay for case " + prediction.caseId() + ": HTTP " + response.statusCode() + " "
            + new String(response.body(), StandardCharsets.UTF_8));
        continue;
      }
      Files.write(folder.resolve(prediction.caseId() + "-r" + prediction.revision() + ".png"), response.body());
      written++;
    }
    return written;
  }

  /** Path of a prediction's overlay on the imaging service, from the imaging model that scored it. */
  static String overlayPath(Prediction prediction) {
    ModelRef model = prediction.imaging().model();
    return "/heat-maps/" + prediction.caseId() + "/r" + prediction.revision() + "/" + model.name() + "/"
        + model.version() + "/overlay.png";
  }
}
