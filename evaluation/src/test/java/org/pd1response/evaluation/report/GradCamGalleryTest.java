package org.pd1response.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCamGalleryTest {

  private static final String CASE = "c0123456789abcdef0123456789abcdef";

  @TempDir Path overlays;

  @Test
  void overlayOfPrefersPlainCaseIdName() throws IOException {
    Files.write(overlays.resolve(CASE + ".png"), new byte[] {1});
    Files.write(overlays.resolve(CASE + "-r2.png"), new byte[] {2});

    assertEquals(overlays.resolve(CASE + ".png"), GradCamGallery.overlayOf(overlays, CASE));
  }

  @Test
  void overlayOfTakesHighestRevision() throws IOException {
    Files.write(overlays.resolve(CASE + "-r2.png"), new byte[] {2});
    Files.write(overlays.resolve(CASE + "-r10.png"), new byte[] {10});
    Files.write(overlays.resolve(CASE + "-rx.png"), new byte[] {0});

    assertEquals(overlays.resolve(CASE + "-r10.png"), GradCamGallery.overlayOf(overlays, CASE));
  }

  @Test
  void overlayOfOtherCaseIsNull() throws IOException {
    Files.write(overlays.resolve("c1111111111111111111111111111111a-r1.png"), new byte[] {1});

    assertNull(GradCamGallery.overlayOf(overlays, CASE));
  }
}
