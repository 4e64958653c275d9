package org.pd1response.ingest.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.List;
import org.pd1response.runtime.RejectedEventException;

/**
 * Reads lesion masks as published: PNG or GIF, 1-bit, grey, palette, RGB or RGBA, with values
 * 0/1 or 0/255. A pixel is lesion when its grey value (for colour masks the largest of R, G and
 * B) is not 0; a colour mask that is black everywhere but has a varying alpha channel is read from
 * its alpha channel. Any other value than 0, 1 or 255 is rejected, because it means the file is
 * not a binary mask (an anti-aliased or lossy-compressed drawing).
 */
public final class MaskDecoder {

  private MaskDecoder() {}

  /**
   * Decodes every mask of one image, checks that each has the image's size and merges them by OR.
   *
   * @throws RejectedEventException {@code MASK_SIZE_MISMATCH}, {@code INVALID_MASK} or {@code BROKEN_IMAGE}
   */
  public static BinaryMask merge(List<NamedBytes> masks, int width, int height) {
    BinaryMask merged = BinaryMask.empty(width, height);
    for (NamedBytes file : masks) {
      BufferedImage image = CanonicalImage.decode(file.content(), "mask '" + file.name() + "'");
      if (image.getWidth() != width || image.getHeight() != height) {
        throw new RejectedEventException("MASK_SIZE_MISMATCH", "mask '" + file.name() + "' must have the image's size "
            + width + " x " + height + " pixels, found " + image.getWidth() + " x " + image.getHeight()
            + "; masks are never resized");
      }
      merged.or(decode(image, file.name()));
    }
    return merged;
  }

  /** A file name with its bytes. */
  public record NamedBytes(String name, byte[] content) {}

  static BinaryMask decode(BufferedImage image, String name) {
    int width = image.getWidth();
    int height = image.getHeight();
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    boolean direct = !(model instanceof IndexColorModel) && model.getNumColorComponents() == 1;
    int bits = model.getComponentSize(0);
    int[] values = new int[width * height];
    int[] alpha = model.hasAlpha() ? new int[width * height] : null;
    boolean anyColour = false;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int value;
        if (direct) {
          int sample = raster.getSample(x, y, 0);
          value = bits == 1 ? sample : bits > 8 ? sample >>> (bits - 8) : sample;
        } else {
          int argb = image.getRGB(x, y);
          value = Math.max((argb >> 16) & 0xff, Math.max((argb >> 8) & 0xff, argb & 0xff));
          if (alpha != null) {
            alpha[y * width + x] = (argb >>> 24) & 0xff;
          }
        }
        values[y * width + x] = value;
        anyColour |= value != 0;
      }
    }
    if (!anyColour && alpha != null && varies(alpha)) {
      values = alpha;
    }
    BinaryMask mask = BinaryMask.empty(width, height);
    for (int i = 0; i < values.length; i++) {
      int value = values[i];
      if (value != 0 && value != 1 && value != 255) {
        throw new RejectedEventException("INVALID_MASK", "mask '" + name + "' must contain only the values 0/1 or 0/255,"
            + " found " + value + " at x=" + (i % width) + ", y=" + (i / width));
      }
      if (value != 0) {
        mask.set(i % width, i / width);
      }
    }
    return mask;
  }

  private static boolean varies(int[] values) {
    for (int value : values) {
      if (value != values[0]) {
        return true;
      }
    }
    return false;
  }
}
