package org.pd1response.preprocessing;

import java.util.List;

/**
 * The result of preprocessing one image.
 *
 * @param tensor normalised float32 values in channels-first (CHW) order, channels as the
 *     parameters' {@code channelOrder}
 * @param greyLevels the same pixels before normalisation, as grey levels 0..255 in CHW order
 * @param previewPng the cropped image before normalisation, rounded to 8 bits, as an RGB PNG
 */
public record PreprocessedImage(int channels, int height, int width, float[] tensor, float[] greyLevels,
    byte[] previewPng) {

  /** Tensor shape, channels first. */
  public List<Integer> shape() {
    return List.of(channels, height, width);
  }
}
