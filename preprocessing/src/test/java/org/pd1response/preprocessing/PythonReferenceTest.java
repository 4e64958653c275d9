package org.pd1response.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.preprocessing.cohort.BusiLayout;
import org.pd1response.preprocessing.cohort.BusiTask;
import org.pd1response.preprocessing.cohort.CohortImage;
import org.pd1response.testsupport.SharedData;

/**
 * Runs the independent NumPy/SciPy implementation at test time, on the synthetic fixtures and on
 * real BUSI images, and compares it with the library.
 */
class PythonReferenceTest {

  private static final long BUSI_SAMPLE_SEED = 7L;
  private static final int BUSI_SAMPLE_SIZE = 8;

  @TempDir
  Path work;

  @BeforeAll
  static void requirePython() {
    PythonReference.requireInterpreter();
  }

  @Test
  void libraryMatchesReferenceOnFixtures() throws Exception {
    // given
    List<Fixtures.Case> cases = Fixtures.cases();
    List<PythonReference.Job> jobs = cases.stream()
        .map(c -> new PythonReference.Job(c.image(), c.masks(), c.parameters())).toList();

    // when
    List<double[]> references = PythonReference.run(jobs, work);

    // then
    for (int i = 0; i < cases.size(); i++) {
      Fixtures.Case fixture = cases.get(i);
      PreprocessedImage result = new Preprocessor(fixture.parameters(), ImageLimits.DEFAULT)
          .process(fixture.imageBytes(), fixture.maskBytes());
      GreyLevelComparison comparison = GreyLevelComparison.of(result.greyLevels(), references.get(i));
      assertTrue(comparison.withinTolerance(), fixture.name() + ": " + comparison);
    }
  }

  @Test
  void channelSwapFailsComparison() throws Exception {
    // given a colour image whose reference is made in RGB order
    Fixtures.Case fixture = Fixtures.byName("colour8-dim-linear");
    PreprocessingParameters rgb = fixture.parameters();
    List<double[]> references = PythonReference.run(
        List.of(new PythonReference.Job(fixture.image(), fixture.masks(), rgb)), work);

    // when the library is run with the channels swapped
    PreprocessedImage swapped = new Preprocessor(rgb.withChannelOrder(ChannelOrder.BGR), ImageLimits.DEFAULT)
        .process(fixture.imageBytes(), fixture.maskBytes());

    // then the comparison reports a failure
    GreyLevelComparison comparison = GreyLevelComparison.of(swapped.greyLevels(), references.get(0));
    assertFalse(comparison.withinTolerance(), "a BGR tensor must not pass as RGB: " + comparison);
    assertTrue(comparison.maxDifference() > 100, "colour patches differ by far more than one grey level: " + comparison);
  }

  @Test
  void libraryMatchesReferenceOnRealBusiImages() throws Exception {
    // given a seeded sample of real BUSI images with their masks, in every overlay mode
    Path busi = SharedData.require().resolve("busi");
    List<CohortImage> images = new ArrayList<>(BusiLayout.scan(busi, BusiTask.MALIGNANT_VS_BENIGN));
    Collections.shuffle(images, new Random(BUSI_SAMPLE_SEED));
    List<CohortImage> sample = Stream.concat(
        images.stream().filter(image -> image.maskFiles().size() > 1).limit(1),
        images.stream().filter(image -> !image.maskFiles().isEmpty()).limit(BUSI_SAMPLE_SIZE - 1)).toList();
    List<PreprocessingParameters> variants = new ArrayList<>();
    for (OverlayMode mode : List.of(OverlayMode.DIM, OverlayMode.BLANK, OverlayMode.CROP)) {
      variants.add(PreprocessingParameters.defaults().withOverlayMode(mode));
    }
    List<PythonReference.Job> jobs = new ArrayList<>();
    for (CohortImage image : sample) {
      for (PreprocessingParameters parameters : variants) {
        jobs.add(new PythonReference.Job(image.imageFile(), image.maskFiles(), parameters));
      }
    }

    // when
    List<double[]> references = PythonReference.run(jobs, work);

    // then
    assertEquals(BUSI_SAMPLE_SIZE * variants.size(), jobs.size(), "jobs");
    for (int i = 0; i < jobs.size(); i++) {
      PythonReference.Job job = jobs.get(i);
      PreprocessedImage result = new Preprocessor(job.parameters(), ImageLimits.DEFAULT)
          .process(read(job.image()), job.masks().stream().map(PythonReferenceTest::read).toList());
      GreyLevelComparison comparison = GreyLevelComparison.of(result.greyLevels(), references.get(i));
      assertTrue(comparison.withinTolerance(),
          busi.relativize(job.image()) + " " + job.parameters().overlayMode() + ": " + comparison);
    }
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
