package org.pd1response.preprocessing;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.pd1response.preprocessing.PreprocessingException.Code;

class PreprocessorTest {

  private static final long SEED = 11L;
  private static final PreprocessingParameters DEFAULTS = PreprocessingParameters.defaults();
  private static final Preprocessor PREPROCESSOR = new Preprocessor(DEFAULTS, ImageLimits.DEFAULT);

  @Test
  void rejectsUnreadableImage() {
    // given
    byte[] noise = new byte[2048];
    new Random(SEED).nextBytes(noise);

    // when
    PreprocessingException error = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(noise, List.of()));

    // then
    assertEquals(Code.UNREADABLE_IMAGE, error.code());
    assertTrue(error.getMessage().contains("2048 bytes"), error.getMessage());
  }

  @Test
  void rejectsImageBelowMinimumSide() {
    // given
    byte[] image = png(grey(50, 80, 120));

    // when
    PreprocessingException error = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(image, List.of(png(grey(50, 80, 255)))));

    // then
    assertEquals(Code.IMAGE_TOO_SMALL, error.code());
    assertTrue(error.getMessage().contains("at least 64 pixels, found 80 x 50"), error.getMessage());
  }

  @Test
  void rejectsOversizedPngFromHeader() {
    // given a PNG signature and header that declare 20000 x 300 pixels, without pixel data
    ByteBuffer header = ByteBuffer.allocate(33);
    header.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    header.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(20000).putInt(300);

    // when
    PreprocessingException error = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(header.array(), List.of()));

    // then
    assertEquals(Code.IMAGE_TOO_LARGE, error.code());
    assertTrue(error.getMessage().contains("at most 16384 pixels, found 20000 x 300"), error.getMessage());
  }

  @Test
  void rejectsMaskOfOtherSize() {
    // given
    byte[] image = png(grey(100, 120, 90));
    byte[] mask = png(grey(100, 121, 255));

    // when
    PreprocessingException error = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(image, List.of(mask)));

    // then
    assertEquals(Code.MASK_SIZE_MISMATCH, error.code());
    assertTrue(error.getMessage().contains("120 x 100, found 121 x 100"), error.getMessage());
  }

  @Test
  void rejectsEmptyMaskWhenRoiRequired() {
    // given
    byte[] image = png(grey(100, 120, 90));
    byte[] emptyMask = png(grey(100, 120, 0));

    // when
    PreprocessingException empty = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(image, List.of(emptyMask)));
    PreprocessingException missing = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(image, List.of()));

    // then
    assertEquals(Code.EMPTY_MASK, empty.code());
    assertTrue(empty.getMessage().contains("a mask without any pixel above 0"), empty.getMessage());
    assertEquals(Code.EMPTY_MASK, missing.code());
    assertTrue(missing.getMessage().contains("found no mask"), missing.getMessage());
  }

  @Test
  void rejectsUnreadableMask() {
    // given
    byte[] image = png(grey(100, 120, 90));

    // when
    PreprocessingException error = assertThrows(PreprocessingException.class,
        () -> PREPROCESSOR.process(image, List.of(new byte[] {1, 2, 3})));

    // then
    assertEquals(Code.UNREADABLE_MASK, error.code());
  }

  @Test
  void usesWholeImageWhenRoiOptional() {
    // given
    byte[] image = png(texture(100, 120));
    byte[] emptyMask = png(grey(100, 120, 0));
    Preprocessor optional = new Preprocessor(DEFAULTS.withRoiRequired(false), ImageLimits.DEFAULT);
    Preprocessor none = new Preprocessor(DEFAULTS.withOverlayMode(OverlayMode.NONE), ImageLimits.DEFAULT);

    // when
    PreprocessedImage withEmptyMask = optional.process(image, List.of(emptyMask));
    PreprocessedImage withoutOverlay = none.process(image, List.of());

    // then
    assertArrayEquals(withoutOverlay.tensor(), withEmptyMask.tensor());
  }

  @Test
  void dimsOnlyOutsideRoi() {
    // given a uniform image whose left half is the ROI
    byte[] image = png(grey(128, 128, 200));
    Mat mask = grey(128, 128, 0);
    try (Mat left = new Mat(mask, new Rect(0, 0, 64, 128))) {
      left.setTo(new Mat(new Scalar(255.0)));
    }
    Preprocessor linear = new Preprocessor(new PreprocessingParameters(1, BitDepthConversion.SCALE, ColourMode.KEEP,
        1, 1, 1.0, OverlayMode.DIM, true, 0.25, 0.1, 128, 128, Interpolation.LINEAR, ChannelOrder.RGB,
        List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5)), ImageLimits.DEFAULT);

    // when
    PreprocessedImage result = linear.process(image, List.of(png(mask)));

    // then
    float[] grey = result.greyLevels();
    assertEquals(200.0f, grey[10 * 128 + 10], 1e-4f, "inside the ROI");
    assertEquals(50.0f, grey[10 * 128 + 100], 1e-4f, "outside the ROI");
  }

  @Test
  void scalesSixteenBitWithoutClipping() {
    // given a 16-bit image at the top of its range and one confined to 1000..2000
    Mat full = new Mat(100, 100, CV_16UC1, new Scalar(65535.0));
    Mat narrow = new Mat(100, 100, CV_16UC1, new Scalar(1000.0));
    try (Mat half = new Mat(narrow, new Rect(0, 0, 50, 100))) {
      half.setTo(new Mat(new Scalar(2000.0)));
    }
    PreprocessingParameters none = DEFAULTS.withOverlayMode(OverlayMode.NONE);
    PreprocessingParameters minMax = new PreprocessingParameters(1, BitDepthConversion.MIN_MAX, ColourMode.KEEP,
        1, 1, 1.0, OverlayMode.NONE, true, 0.3, 0.1, 100, 100, Interpolation.LINEAR, ChannelOrder.RGB,
        List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));

    // when
    PreprocessedImage scaled = new Preprocessor(none, ImageLimits.DEFAULT).process(png(full), List.of());
    PreprocessedImage stretched = new Preprocessor(minMax, ImageLimits.DEFAULT).process(png(narrow), List.of());

    // then
    assertEquals(255.0f, scaled.greyLevels()[0], 1e-4f, "65535 maps to 255");
    assertEquals(255.0f, stretched.greyLevels()[10], 1e-4f, "maximum 2000 maps to 255");
    assertEquals(0.0f, stretched.greyLevels()[90], 1e-4f, "minimum 1000 maps to 0");
  }

  @Test
  void repeatsBitIdenticalOutput() {
    // given
    Fixtures.Case fixture = Fixtures.byName("rgba8-defaults");

    // when
    PreprocessedImage first = PREPROCESSOR.process(fixture.imageBytes(), fixture.maskBytes());
    PreprocessedImage second = PREPROCESSOR.process(fixture.imageBytes(), fixture.maskBytes());

    // then
    assertEquals(List.of(3, 224, 224), first.shape());
    assertArrayEquals(first.tensor(), second.tensor());
    assertArrayEquals(first.previewPng(), second.previewPng());
  }

  private static Mat grey(int rows, int cols, double value) {
    return new Mat(rows, cols, CV_8UC1, new Scalar(value));
  }

  private static Mat texture(int rows, int cols) {
    Mat image = new Mat(rows, cols, CV_8UC3);
    byte[] pixels = new byte[rows * cols * 3];
    new Random(SEED).nextBytes(pixels);
    image.data().put(pixels);
    return image;
  }

  private static byte[] png(Mat image) {
    try (image;
        BytePointer buffer = new BytePointer()) {
      imencode(".png", image, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }
}
