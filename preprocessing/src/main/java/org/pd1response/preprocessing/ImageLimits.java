package org.pd1response.preprocessing;

/**
 * Accepted image sizes. These limits decide which images are rejected; they do not change any
 * tensor, so they are not part of {@link PreprocessingParameters} or its hash.
 *
 * @param minSide smallest accepted width and height, in pixels
 * @param maxSide largest accepted width and height, in pixels
 */
public record ImageLimits(int minSide, int maxSide) {

  public static final ImageLimits DEFAULT = new ImageLimits(64, 16384);

  public ImageLimits {
    if (minSide < 1 || maxSide < minSide) {
      throw new IllegalArgumentException(
          "image limits must satisfy 1 <= minSide <= maxSide, found minSide " + minSide + " and maxSide " + maxSide);
    }
  }
}
