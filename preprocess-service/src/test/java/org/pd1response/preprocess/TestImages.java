package org.pd1response.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Seeded synthetic grey images with an elliptic lesion mask, encoded as PNG. */
final class TestImages {

  static final int WIDTH = 200;
  static final int HEIGHT = 160;

  private TestImages() {}

  /** Encodes a grey image of random texture, different for each seed. */
  static byte[] image(long seed) {
    byte[] pixels = new byte[WIDTH * HEIGHT];
    new Random(seed).nextBytes(pixels);
    try (Mat image = new Mat(HEIGHT, WIDTH, CV_8UC1)) {
      image.data().put(pixels);
      return png(image);
    }
  }

  /** Encodes a 0/255 mask of the given size with one filled ellipse. */
  static byte[] mask(int width, int height) {
    try (Mat mask = new Mat(height, width, CV_8UC1, new Scalar(0.0));
        Point centre = new Point(width / 2, height / 2);
        Size axes = new Size(width / 5, height / 6)) {
      ellipse(mask, centre, axes, 0, 0, 360, new Scalar(255.0), -1, 8, 0);
      return png(mask);
    }
  }

  static byte[] png(Mat image) {
    try (BytePointer buffer = new BytePointer()) {
      imencode(".png", image, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }
}
