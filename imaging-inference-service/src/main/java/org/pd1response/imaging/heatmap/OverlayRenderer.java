package org.pd1response.imaging.heatmap;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Renders a heat map over the model's input image as an RGB PNG. The image is the first tensor
 * channel, rescaled from its minimum to its maximum, because the normalised tensor no longer has
 * the original grey levels. The heat map is coloured blue (0) through green to red (1) and blended
 * in with an opacity proportional to its value, so that cold regions show the image unchanged.
 */
public final class OverlayRenderer {

  private OverlayRenderer() {}

  /**
   * Renders the overlay PNG.
   *
   * @param image size * size values of the first input channel, row-major
   * @param heatMap size * size values in [0, 1], row-major
   * @param opacity largest share of the heat colour in a pixel, from 0 to 1
   */
  public static byte[] render(float[] image, float[] heatMap, int size, double opacity) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (int p = 0; p < size * size; p++) {
      min = Math.min(min, image[p]);
      max = Math.max(max, image[p]);
    }
    float range = max > min ? max - min : 1f;
    BufferedImage overlay = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    // Writing the raster's int array directly avoids a colour-model conversion per pixel in setRGB.
    int[] pixels = ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
    for (int p = 0; p < size * size; p++) {
      double grey = 255.0 * (image[p] - min) / range;
      double heat = Math.min(1.0, Math.max(0.0, heatMap[p]));
      double alpha = opacity * heat;
      int red = blend(grey, 255.0 * clamp(1.5 - Math.abs(4 * heat - 3)), alpha);
      int green = blend(grey, 255.0 * clamp(1.5 - Math.abs(4 * heat - 2)), alpha);
      int blue = blend(grey, 255.0 * clamp(1.5 - Math.abs(4 * heat - 1)), alpha);
      pixels[p] = (red << 16) | (green << 8) | blue;
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(overlay, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding the overlay PNG failed", e);
    }
    return png.toByteArray();
  }

  private static double clamp(double value) {
    return Math.min(1.0, Math.max(0.0, value));
  }

  private static int blend(double grey, double colour, double alpha) {
    return (int) Math.round((1 - alpha) * grey + alpha * colour);
  }
}
