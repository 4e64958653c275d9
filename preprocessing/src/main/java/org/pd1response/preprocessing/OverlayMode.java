package org.pd1response.preprocessing;

/** How the lesion's region of interest is laid over the filtered image. */
public enum OverlayMode {
  /** The ROI is ignored; the whole image is used as it is. */
  NONE,
  /** Pixels outside the ROI are multiplied by {@code dimFactor}, so the lesion stands out. */
  DIM,
  /** Pixels outside the ROI are set to 0. */
  BLANK,
  /** The image is cut to the ROI's bounding box, widened by {@code cropMargin} of the box on each side. */
  CROP
}
