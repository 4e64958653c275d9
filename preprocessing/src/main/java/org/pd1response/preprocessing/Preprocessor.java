package org.pd1response.preprocessing;

import static org.bytedeco.opencv.global.opencv_core.ALGO_HINT_ACCURATE;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.findNonZero;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.medianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.pd1response.preprocessing.PreprocessingException.Code;

/**
 * Turns an encoded image and its ROI masks into the imaging model's input tensor. The steps, in
 * order:
 *
 * <ol>
 *   <li>decode; drop an alpha channel; convert 16-bit to 8-bit ({@link BitDepthConversion});
 *       copy grey into three channels or turn colour into grey ({@link ColourMode})
 *   <li>median filter on the 8-bit image (edge pixels replicated), then Gaussian filter on float
 *       values (reflect-101 border), so that no rounding happens after the median
 *   <li>ROI overlay ({@link OverlayMode}) with the union of the masks, a pixel being inside when
 *       any colour channel of any mask is above 0
 *   <li>resize to {@code resizeSize} squared, take the central {@code cropSize} square
 *   <li>reorder channels, scale to 0..1, subtract {@code mean}, divide by {@code std}; write
 *       channels first
 * </ol>
 *
 * <p>Every OpenCV {@code Mat} is released in try-with-resources before the method returns. An
 * instance keeps no native memory between calls and is safe to share between threads.
 */
public final class Preprocessor {

  private static final int PNG_HEADER_BYTES = 24;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final PreprocessingParameters parameters;
  private final ImageLimits limits;

  public Preprocessor(PreprocessingParameters parameters, ImageLimits limits) {
    this.parameters = parameters;
    this.limits = limits;
  }

  public PreprocessingParameters parameters() {
    return parameters;
  }

  /**
   * Preprocesses one encoded image (PNG, JPEG, BMP or TIFF) with its encoded masks; an empty list
   * means the image has no ROI.
   *
   * @throws PreprocessingException when the image or a mask is unreadable, a size is outside the
   *     limits or differs between image and mask, or the ROI is empty but required
   */
  public PreprocessedImage process(byte[] image, List<byte[]> masks) {
    checkPngHeaderSize(image);
    try (Mat bgr = decodeImage(image);
        Mat roi = decodeMasks(masks, bgr.cols(), bgr.rows());
        Mat filtered = filter(bgr);
        Mat overlaid = overlay(filtered, roi);
        Mat cropped = resizeAndCrop(overlaid)) {
      return toTensor(cropped);
    }
  }

  private Mat decodeImage(byte[] bytes) {
    try (Mat raw = decode(bytes, Code.UNREADABLE_IMAGE, "image")) {
      checkSize(raw.cols(), raw.rows());
      try (Mat colour = dropAlpha(raw);
          Mat eightBit = toEightBit(colour)) {
        return toThreeChannels(eightBit);
      }
    }
  }

  private static Mat decode(byte[] bytes, Code unreadable, String what) {
    if (bytes == null || bytes.length == 0) {
      throw new PreprocessingException(unreadable, what + " must be an encoded image, found 0 bytes");
    }
    try (BytePointer data = new BytePointer(bytes);
        Mat buffer = new Mat(1, bytes.length, CV_8UC1, data)) {
      Mat decoded = imdecode(buffer, IMREAD_UNCHANGED);
      if (decoded.empty()) {
        decoded.close();
        throw new PreprocessingException(unreadable,
            what + " must be a PNG, JPEG, BMP or TIFF image that OpenCV can decode, found " + bytes.length
                + " bytes it cannot decode");
      }
      if (decoded.depth() != CV_8U && decoded.depth() != CV_16U) {
        int depth = decoded.depth();
        decoded.close();
        throw new PreprocessingException(Code.UNSUPPORTED_IMAGE_FORMAT,
            what + " must have 8 or 16 bits per channel, found OpenCV depth " + depth);
      }
      return decoded;
    }
  }

  /** Rejects an oversized PNG from its header, before decoding would allocate its pixels. */
  // NOTE: only PNG headers are read here. JPEG, BMP and TIFF are decoded before their size is checked, bounded
  // only by OpenCV's own limit of 2^30 pixels (OPENCV_IO_MAX_IMAGE_PIXELS); ingest stores canonical PNG images.
  private void checkPngHeaderSize(byte[] bytes) {
    if (bytes == null || bytes.length < PNG_HEADER_BYTES) {
      return;
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (bytes[i] != PNG_SIGNATURE[i]) {
        return;
      }
    }
    ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
    long width = Integer.toUnsignedLong(header.getInt());
    long height = Integer.toUnsignedLong(header.getInt());
    if (width > limits.maxSide() || height > limits.maxSide()) {
      throw tooLarge(width, height);
    }
  }

  private void checkSize(long width, long height) {
    if (width < limits.minSide() || height < limits.minSide()) {
      throw new PreprocessingException(Code.IMAGE_TOO_SMALL, "image width and height must be at least "
          + limits.minSide() + " pixels, found " + width + " x " + height);
    }
    if (width > limits.maxSide() || height > limits.maxSide()) {
      throw tooLarge(width, height);
    }
  }

  private PreprocessingException tooLarge(long width, long height) {
    return new PreprocessingException(Code.IMAGE_TOO_LARGE, "image width and height must be at most "
        + limits.maxSide() + " pixels, found " + width + " x " + height);
  }

  private static Mat dropAlpha(Mat raw) {
    return switch (raw.channels()) {
      case 1, 3 -> raw.clone();
      case 4 -> {
        Mat out = new Mat();
        cvtColor(raw, out, COLOR_BGRA2BGR);
        yield out;
      }
      default -> throw new PreprocessingException(Code.UNSUPPORTED_IMAGE_FORMAT,
          "image must have 1, 3 or 4 channels, found " + raw.channels());
    };
  }

  private Mat toEightBit(Mat image) {
    Mat out = new Mat();
    if (image.depth() == CV_8U) {
      image.copyTo(out);
      return out;
    }
    if (parameters.bitDepthConversion() == BitDepthConversion.SCALE) {
      image.convertTo(out, CV_8U, 255.0 / 65535.0, 0.0);
      return out;
    }
    try (Mat values = image.reshape(1, 0);
        DoublePointer min = new DoublePointer(1);
        DoublePointer max = new DoublePointer(1)) {
      minMaxLoc(values, min, max, null, null, null);
      double low = min.get();
      double high = max.get();
      if (high == low) {
        image.convertTo(out, CV_8U, 0.0, 0.0);
      } else {
        double alpha = 255.0 / (high - low);
        image.convertTo(out, CV_8U, alpha, -low * alpha);
      }
    }
    return out;
  }

  private Mat toThreeChannels(Mat image) {
    Mat out = new Mat();
    if (image.channels() == 1) {
      cvtColor(image, out, COLOR_GRAY2BGR);
    } else if (parameters.colourMode() == ColourMode.GREY) {
      try (Mat grey = new Mat()) {
        cvtColor(image, grey, COLOR_BGR2GRAY);
        cvtColor(grey, out, COLOR_GRAY2BGR);
      }
    } else {
      image.copyTo(out);
    }
    return out;
  }

  /** Decodes the masks into one 0/255 mask, or an empty Mat when there is none. */
  private static Mat decodeMasks(List<byte[]> masks, int width, int height) {
    Mat union = new Mat();
    try {
      for (byte[] bytes : masks) {
        try (Mat raw = decode(bytes, Code.UNREADABLE_MASK, "mask");
            Mat binary = binarise(raw)) {
          if (raw.cols() != width || raw.rows() != height) {
            throw new PreprocessingException(Code.MASK_SIZE_MISMATCH, "mask size must equal the image size "
                + width + " x " + height + ", found " + raw.cols() + " x " + raw.rows());
          }
          if (union.empty()) {
            binary.copyTo(union);
          } else {
            bitwise_or(union, binary, union);
          }
        }
      }
      return union;
    } catch (RuntimeException e) {
      union.close();
      throw e;
    }
  }

  private static Mat binarise(Mat raw) {
    try (Mat single = maxOverColourChannels(raw);
        Mat asFloat = new Mat();
        Mat thresholded = new Mat()) {
      single.convertTo(asFloat, CV_32F);
      threshold(asFloat, thresholded, 0.0, 255.0, THRESH_BINARY);
      Mat out = new Mat();
      thresholded.convertTo(out, CV_8U);
      return out;
    }
  }

  private static Mat maxOverColourChannels(Mat raw) {
    if (raw.channels() == 1) {
      return raw.clone();
    }
    try (MatVector channels = new MatVector()) {
      split(raw, channels);
      Mat out = channels.get(0).clone();
      int colourChannels = Math.min(3, (int) channels.size());
      for (int i = 1; i < colourChannels; i++) {
        max(out, channels.get(i), out);
      }
      for (long i = 0; i < channels.size(); i++) {
        channels.get(i).close();
      }
      return out;
    }
  }

  private Mat filter(Mat bgr) {
    try (Mat median = new Mat();
        Mat asFloat = new Mat()) {
      if (parameters.medianKernel() > 1) {
        medianBlur(bgr, median, parameters.medianKernel());
      } else {
        bgr.copyTo(median);
      }
      median.convertTo(asFloat, CV_32F);
      Mat out = new Mat();
      if (parameters.gaussianKernel() > 1) {
        try (Size kernel = new Size(parameters.gaussianKernel(), parameters.gaussianKernel())) {
          GaussianBlur(asFloat, out, kernel, parameters.gaussianSigma(), parameters.gaussianSigma(),
              BORDER_REFLECT_101, ALGO_HINT_ACCURATE);
        }
      } else {
        asFloat.copyTo(out);
      }
      return out;
    }
  }

  private Mat overlay(Mat image, Mat roi) {
    OverlayMode mode = parameters.overlayMode();
    Mat out = new Mat();
    if (mode == OverlayMode.NONE) {
      image.copyTo(out);
      return out;
    }
    if (roi.empty() || countNonZero(roi) == 0) {
      if (parameters.roiRequired()) {
        out.close();
        throw new PreprocessingException(Code.EMPTY_MASK, "an ROI is required for overlay mode " + mode
            + ", found " + (roi.empty() ? "no mask" : "a mask without any pixel above 0"));
      }
      image.copyTo(out);
      return out;
    }
    switch (mode) {
      case DIM -> {
        image.copyTo(out);
        try (Mat outside = new Mat();
            Mat dimmed = new Mat()) {
          bitwise_not(roi, outside);
          image.convertTo(dimmed, CV_32F, parameters.dimFactor(), 0.0);
          dimmed.copyTo(out, outside);
        }
      }
      case BLANK -> {
        image.copyTo(out);
        try (Mat outside = new Mat();
            Scalar zero = new Scalar(0.0);
            Mat zeroValue = new Mat(zero)) {
          bitwise_not(roi, outside);
          out.setTo(zeroValue, outside);
        }
      }
      case CROP -> {
        try (Rect box = roiBox(roi, image.cols(), image.rows());
            Mat view = new Mat(image, box)) {
          view.copyTo(out);
        }
      }
      default -> throw new IllegalStateException("unhandled overlay mode " + mode);
    }
    return out;
  }

  private Rect roiBox(Mat roi, int width, int height) {
    try (Mat points = new Mat()) {
      findNonZero(roi, points);
      try (Rect box = boundingRect(points)) {
        int marginX = (int) Math.floor(parameters.cropMargin() * box.width());
        int marginY = (int) Math.floor(parameters.cropMargin() * box.height());
        int x0 = Math.max(0, box.x() - marginX);
        int y0 = Math.max(0, box.y() - marginY);
        int x1 = Math.min(width, box.x() + box.width() + marginX);
        int y1 = Math.min(height, box.y() + box.height() + marginY);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
      }
    }
  }

  private Mat resizeAndCrop(Mat image) {
    int size = parameters.resizeSize();
    int offset = (size - parameters.cropSize()) / 2;
    try (Mat resized = new Mat();
        Size target = new Size(size, size);
        Rect centre = new Rect(offset, offset, parameters.cropSize(), parameters.cropSize())) {
      resize(image, resized, target, 0.0, 0.0, parameters.interpolation().openCvFlag());
      try (Mat view = new Mat(resized, centre)) {
        return view.clone();
      }
    }
  }

  private PreprocessedImage toTensor(Mat croppedBgr) {
    int side = croppedBgr.rows();
    int plane = side * side;
    float[] hwc = new float[plane * 3];
    byte[] preview;
    try (Mat ordered = new Mat();
        Mat eightBit = new Mat();
        BytePointer png = new BytePointer()) {
      if (parameters.channelOrder() == ChannelOrder.RGB) {
        cvtColor(croppedBgr, ordered, COLOR_BGR2RGB);
      } else {
        croppedBgr.copyTo(ordered);
      }
      FloatBuffer buffer = ordered.createBuffer();
      buffer.get(hwc);
      croppedBgr.convertTo(eightBit, CV_8U);
      imencode(".png", eightBit, png);
      preview = new byte[(int) png.limit()];
      png.get(preview);
    }
    float[] grey = new float[hwc.length];
    float[] tensor = new float[hwc.length];
    for (int c = 0; c < 3; c++) {
      double mean = parameters.mean().get(c);
      double std = parameters.std().get(c);
      for (int i = 0; i < plane; i++) {
        float value = hwc[i * 3 + c];
        grey[c * plane + i] = value;
        tensor[c * plane + i] = (float) ((value / 255.0 - mean) / std);
      }
    }
    return new PreprocessedImage(3, side, side, tensor, grey, preview);
  }
}
