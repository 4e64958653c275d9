package org.pd1response.ingest.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.pd1response.runtime.RejectedEventException;

/**
 * An image in the pipeline's canonical form: 8 bits per sample, grey (one channel) or RGB (three),
 * as acquired; stored as PNG. Pixel values are copied sample by sample, never through a colour
 * conversion, so grey values arrive unchanged. An alpha channel is dropped; 16-bit grey samples
 * keep their 8 most significant bits.
 *
 * @param channels 1 for grey, 3 for RGB
 */
public record CanonicalImage(BufferedImage image, int channels) {

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }

  /**
   * Decodes PNG, JPEG, GIF or BMP bytes.
   *
   * @param what name of the input in error messages, such as {@code image 'benign (3).png'}
   * @throws RejectedEventException {@code BROKEN_IMAGE} when the bytes are no readable image
   */
  public static BufferedImage decode(byte[] bytes, String what) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new RejectedEventException("BROKEN_IMAGE",
            what + " must be a PNG, JPEG or GIF image, found " + bytes.length + " bytes in no readable format");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof RejectedEventException rejected) {
        throw rejected;
      }
      throw new RejectedEventException("BROKEN_IMAGE", what + " could not be decoded: " + e.getMessage(), e);
    }
  }

  /** Converts a decoded image to canonical form, keeping grey images grey and colour images RGB. */
  public static CanonicalImage of(BufferedImage source) {
    int width = source.getWidth();
    int height = source.getHeight();
    if (isGrey(source)) {
      BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      WritableRaster target = grey.getRaster();
      Raster raster = source.getRaster();
      ColorModel model = source.getColorModel();
      int bits = model.getComponentSize(0);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int value;
          if (model instanceof IndexColorModel indexed) {
            value = indexed.getRed(raster.getSample(x, y, 0));
          } else if (bits == 1) {
            value = raster.getSample(x, y, 0) == 0 ? 0 : 255;
          } else if (bits > 8) {
            value = raster.getSample(x, y, 0) >>> (bits - 8);
          } else {
            value = raster.getSample(x, y, 0) << (8 - bits);
          }
          target.setSample(x, y, 0, value);
        }
      }
      return new CanonicalImage(grey, 1);
    }
    BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster target = rgb.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int argb = source.getRGB(x, y);
        target.setSample(x, y, 0, (argb >> 16) & 0xff);
        target.setSample(x, y, 1, (argb >> 8) & 0xff);
        target.setSample(x, y, 2, argb & 0xff);
      }
    }
    return new CanonicalImage(rgb, 3);
  }

  /** The image as PNG bytes. */
  public byte[] png() {
    return encodePng(image);
  }

  /** Encodes an image as PNG. */
  public static byte[] encodePng(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer is available in this JVM");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a PNG in memory failed", e);
    }
  }

  private static boolean isGrey(BufferedImage image) {
    ColorModel model = image.getColorModel();
    if (model instanceof IndexColorModel indexed) {
      for (int i = 0; i < indexed.getMapSize(); i++) {
        if (indexed.getRed(i) != indexed.getGreen(i) || indexed.getGreen(i) != indexed.getBlue(i)) {
          return false;
        }
      }
      return true;
    }
    return model.getNumColorComponents() == 1;
  }
}
