package org.pd1response.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pd1response.preprocessing.tensor.NpyFormat;

/**
 * Compares the library with reference arrays that the NumPy/SciPy implementation produced for the
 * synthetic fixtures ({@code src/test/python/generate_fixtures.py}). Runs without Python.
 */
class CheckedInReferenceTest {

  static Stream<Fixtures.Case> cases() {
    return Fixtures.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesCheckedInReference(Fixtures.Case fixture) throws Exception {
    // given
    NpyFormat.NpyArray reference = NpyFormat.read(Files.readAllBytes(fixture.reference()));
    Preprocessor preprocessor = new Preprocessor(fixture.parameters(), ImageLimits.DEFAULT);

    // when
    PreprocessedImage result = preprocessor.process(fixture.imageBytes(), fixture.maskBytes());

    // then
    int crop = fixture.parameters().cropSize();
    assertEquals(List.of(3, crop, crop), reference.shape(), "reference shape");
    assertEquals(reference.shape(), result.shape(), "tensor shape");
    GreyLevelComparison comparison = GreyLevelComparison.of(result.greyLevels(), reference.values());
    assertTrue(comparison.withinTolerance(), fixture.name() + ": " + comparison);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void normalisesWithMeanAndStd(Fixtures.Case fixture) {
    // given
    PreprocessingParameters parameters = fixture.parameters();

    // when
    PreprocessedImage result = new Preprocessor(parameters, ImageLimits.DEFAULT)
        .process(fixture.imageBytes(), fixture.maskBytes());

    // then
    int plane = result.height() * result.width();
    for (int i = 0; i < result.tensor().length; i++) {
      int channel = i / plane;
      double expected = (result.greyLevels()[i] / 255.0 - parameters.mean().get(channel)) / parameters.std().get(channel);
      assertEquals(expected, result.tensor()[i], 1e-5, "tensor value " + i);
    }
  }
}
