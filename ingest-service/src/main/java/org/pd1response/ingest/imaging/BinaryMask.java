package org.pd1response.ingest.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.BitSet;

/** A lesion mask of one image: one bit per pixel, row-major; stored as a single-channel 0/255 PNG. */
public final class BinaryMask {

  private final int width;
  private final int height;
  private final BitSet bits;

  private BinaryMask(int width, int height) {
    this.width = width;
    this.height = height;
    this.bits = new BitSet(width * height);
  }

  public static BinaryMask empty(int width, int height) {
    return new BinaryMask(width, height);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public void set(int x, int y) {
    bits.set(y * width + x);
  }

  public boolean get(int x, int y) {
    return bits.get(y * width + x);
  }

  /** Number of lesion pixels. */
  public int area() {
    return bits.cardinality();
  }

  /** Merges another mask of the same size into this one by OR. */
  public void or(BinaryMask other) {
    if (other.width != width || other.height != height) {
      throw new IllegalArgumentException("masks must have the same size to merge, found " + width + " x " + height
          + " and " + other.width + " x " + other.height);
    }
    bits.or(other.bits);
  }

  /** The mask as an 8-bit grey image with 0 for background and 255 for lesion. */
  public BufferedImage toImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      raster.setSample(i % width, i / width, 0, 255);
    }
    return image;
  }
}
