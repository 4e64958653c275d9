package org.pd1response.preprocessing;

/**
 * Conversion of a 16-bit image to 8-bit before filtering. Both choices are linear maps that clip no
 * value, and 8-bit images pass through unchanged.
 */
public enum BitDepthConversion {
  /** {@code round(v * 255 / 65535)}: keeps absolute brightness across images. */
  SCALE,
  /** Stretches the image's own minimum..maximum to 0..255; a constant image becomes 0. */
  MIN_MAX
}
