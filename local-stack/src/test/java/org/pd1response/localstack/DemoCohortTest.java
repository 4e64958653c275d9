package org.pd1response.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCohortTest {

  static final long SEED = 11L;
  static final int CASES = 40;

  @TempDir Path first;
  @TempDir Path second;

  @Test
  void sameSeedGivesIdenticalCohort() throws IOException {
    List<DemoCohort.DemoCase> a = DemoCohort.generate(first, 5, SEED);
    List<DemoCohort.DemoCase> b = DemoCohort.generate(second, 5, SEED);

    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(Files.readAllBytes(a.get(i).image()), Files.readAllBytes(b.get(i).image()));
      assertArrayEquals(Files.readAllBytes(a.get(i).mask()), Files.readAllBytes(b.get(i).mask()));
    }
    assertEquals(Files.readString(first.resolve("clinical.csv")), Files.readString(second.resolve("clinical.csv")));
  }

  @Test
  void readReturnsTheGeneratedCases() throws IOException {
    List<DemoCohort.DemoCase> written = DemoCohort.generate(first, 4, SEED);

    List<DemoCohort.DemoCase> read = DemoCohort.read(first);

    assertEquals(written, read);
  }

  @Test
  void readRejectsClinicalFileWithoutTheImage() throws IOException {
    DemoCohort.generate(first, 2, SEED);
    List<String> clinical = Files.readAllLines(first.resolve("clinical.csv"));
    Files.write(first.resolve("clinical.csv"), clinical.subList(0, 2));

    IOException error = assertThrows(IOException.class, () -> DemoCohort.read(first));

    assertEquals("clinical.csv has no row for image images/demo-0001.png", error.getMessage());
  }

  @Test
  void masksAreBinaryAndCoverTheLesion() throws IOException {
    DemoCohort.DemoCase demoCase = DemoCohort.generate(first, 1, SEED).get(0);
    Raster mask = ImageIO.read(demoCase.mask().toFile()).getRaster();

    long lesion = 0;
    for (int y = 0; y < mask.getHeight(); y++) {
      for (int x = 0; x < mask.getWidth(); x++) {
        int value = mask.getSample(x, y, 0);
        assertTrue(value == 0 || value == 255, "mask value " + value);
        lesion += value == 255 ? 1 : 0;
      }
    }
    assertTrue(lesion > 1000, "lesion pixels " + lesion);
  }

  @Test
  void respondersLesionsAreBrighterOnAverage() throws IOException {
    List<DemoCohort.DemoCase> cases = DemoCohort.generate(first, CASES, SEED);

    double[] sum = new double[2];
    int[] count = new int[2];
    for (DemoCohort.DemoCase c : cases) {
      sum[c.label()] += lesionToBackgroundRatio(ImageIO.read(c.image().toFile()), ImageIO.read(c.mask().toFile()));
      count[c.label()]++;
    }

    assertTrue(count[0] > 0 && count[1] > 0, "both classes present");
    assertTrue(sum[1] / count[1] > sum[0] / count[0] + 0.2,
        "responder ratio " + sum[1] / count[1] + " vs non-responder " + sum[0] / count[0]);
  }

  @Test
  void clinicalRecordHasOneValuePerColumn() throws IOException {
    List<String> lines = Files.readAllLines(DemoCohort.generate(first, 3, SEED).get(0).image().getParent().getParent()
        .resolve("clinical.csv"));

    assertEquals(4, lines.size());
    for (String line : lines) {
      assertEquals(DemoCohort.CLINICAL_COLUMNS.size() + 2, line.split(",", -1).length, line);
    }
  }

  private static double lesionToBackgroundRatio(BufferedImage image, BufferedImage mask) {
    double inside = 0;
    double outside = 0;
    long insideCount = 0;
    long outsideCount = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int value = image.getRaster().getSample(x, y, 0);
        if (mask.getRaster().getSample(x, y, 0) == 255) {
          inside += value;
          insideCount++;
        } else if (value > 0) {
          outside += value;
          outsideCount++;
        }
      }
    }
    return (inside / insideCount) / (outside / outsideCount);
  }
}
