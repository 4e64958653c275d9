package org.pd1response.imaging.model;

import java.nio.FloatBuffer;

/**
 * Grad-CAM for a network that ends in global average pooling and one linear layer. There the
 * gradient of logit k with respect to feature map A_c is W[k, c] / (h * w) at every position, so
 * Grad-CAM needs no backward pass: map = ReLU(sum_c W[k, c] * A_c), divided by its maximum to lie
 * in [0, 1] (all zeros when no position is positive), then upsampled to the input size.
 */
public final class GradCam {

  private GradCam() {}

  /**
   * Computes the low-resolution map of one image.
   *
   * @param featureMaps the batch's feature maps, [batch, channels, height, width] in C order
   * @param image index of the image in the batch
   * @param weights the classifier weight row of the class, one value per channel
   * @return height * width values in [0, 1], row-major
   */
  public static float[] lowResolution(float[] featureMaps, int image, int channels, int height, int width,
      float[] weights) {
    return lowResolution(FloatBuffer.wrap(featureMaps), image, channels, height, width, weights);
  }

  /**
   * Computes the low-resolution map of one image from a buffer of the batch's feature maps,
   * read by absolute index, so the buffer's position is left as it was.
   */
  public static float[] lowResolution(FloatBuffer featureMaps, int image, int channels, int height, int width,
      float[] weights) {
    int area = height * width;
    float[] map = new float[area];
    int base = image * channels * area;
    for (int c = 0; c < channels; c++) {
      float weight = weights[c];
      int offset = base + c * area;
      for (int p = 0; p < area; p++) {
        map[p] += weight * featureMaps.get(offset + p);
      }
    }
    float max = 0f;
    for (int p = 0; p < area; p++) {
      map[p] = Math.max(map[p], 0f);
      max = Math.max(max, map[p]);
    }
    if (max > 0f) {
      for (int p = 0; p < area; p++) {
        map[p] /= max;
      }
    }
    return map;
  }

  /**
   * Upsamples a map bilinearly with half-pixel centres, the convention of PyTorch's
   * {@code interpolate(mode="bilinear", align_corners=False)}.
   */
  public static float[] upsample(float[] map, int height, int width, int outHeight, int outWidth) {
    float[] out = new float[outHeight * outWidth];
    float scaleY = (float) height / outHeight;
    float scaleX = (float) width / outWidth;
    int[] x0 = new int[outWidth];
    int[] x1 = new int[outWidth];
    float[] fx = new float[outWidth];
    for (int x = 0; x < outWidth; x++) {
      float source = Math.max(scaleX * (x + 0.5f) - 0.5f, 0f);
      x0[x] = (int) source;
      x1[x] = Math.min(x0[x] + 1, width - 1);
      fx[x] = source - x0[x];
    }
    for (int y = 0; y < outHeight; y++) {
      float source = Math.max(scaleY * (y + 0.5f) - 0.5f, 0f);
      int y0 = (int) source;
      int y1 = Math.min(y0 + 1, height - 1);
      float fy = source - y0;
      for (int x = 0; x < outWidth; x++) {
        float top = map[y0 * width + x0[x]] * (1 - fx[x]) + map[y0 * width + x1[x]] * fx[x];
        float bottom = map[y1 * width + x0[x]] * (1 - fx[x]) + map[y1 * width + x1[x]] * fx[x];
        out[y * outWidth + x] = top * (1 - fy) + bottom * fy;
      }
    }
    return out;
  }
}
