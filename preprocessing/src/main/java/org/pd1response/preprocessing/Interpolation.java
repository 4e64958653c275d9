package org.pd1response.preprocessing;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

/** Resampling used to resize to {@code resizeSize}; each maps to one OpenCV interpolation flag. */
public enum Interpolation {
  /** Bilinear with half-pixel centres ({@code INTER_LINEAR}). */
  LINEAR(INTER_LINEAR),
  /** Pixel-area averaging when shrinking, bilinear-like when enlarging ({@code INTER_AREA}). */
  AREA(INTER_AREA);

  private final int openCvFlag;

  Interpolation(int openCvFlag) {
    this.openCvFlag = openCvFlag;
  }

  int openCvFlag() {
    return openCvFlag;
  }
}
