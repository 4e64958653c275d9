package org.pd1response.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.events.Prediction;

/**
 * Runs the demo as a user would, against the packaged services of this build: every demo case
 * reaches one complete prediction with both scores and a heat-map overlay.
 */
class DemoIT {

  static final int CASES = 4;

  @TempDir Path state;

  @Test
  void demoPredictsEveryCase() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    for (StackLayout.Service service : StackLayout.fromEnvironment(root).services()) {
      Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
      assertTrue(Files.exists(jar), jar + " is missing: build the services first (./mvnw install -DskipTests)");
    }
    int firstServicePort = FreePorts.block(5);
    StackLayout layout = new StackLayout(root, state, FreePorts.one(), FreePorts.one(), FreePorts.one(), firstServicePort);

    DemoRun.Result result = DemoRun.run(layout, CASES, state.resolve("heatmaps"));

    assertEquals(0, result.missing().size(), "cases without prediction: " + result.missing());
    assertEquals(CASES, result.predictions().size());
    for (Prediction prediction : result.predictions().values()) {
      assertEquals(Prediction.PredictionStatus.COMPLETE, prediction.status());
      assertNotNull(prediction.imaging(), "imaging score");
      assertNotNull(prediction.clinical(), "clinical score");
      assertNotNull(prediction.probability(), "probability");
      assertNotNull(prediction.heatMapKey(), "heat-map key");
    }
    assertEquals(CASES, result.overlays());
    try (Stream<Path> files = Files.list(state.resolve("heatmaps"))) {
      for (Path overlay : files.toList()) {
        BufferedImage image = ImageIO.read(overlay.toFile());
        assertEquals(224, image.getWidth(), overlay.toString());
        assertEquals(224, image.getHeight(), overlay.toString());
      }
    }
  }
}
