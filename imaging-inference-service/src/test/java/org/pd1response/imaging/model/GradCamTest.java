package org.pd1response.imaging.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GradCamTest {

  static final float TOLERANCE = 1e-6f;

  @Test
  void weightsChannelsAndNormalisesToPeak() {
    // two channels of 1 x 3 maps for one image
    float[] maps = {1, 2, 0, 0, 1, 4};
    float[] weights = {2, -1};

    float[] map = GradCam.lowResolution(maps, 0, 2, 1, 3, weights);

    // 2*[1, 2, 0] - [0, 1, 4] = [2, 3, -4], ReLU then divided by 3
    assertArrayEquals(new float[] {2f / 3, 1f, 0f}, map, TOLERANCE);
  }

  @Test
  void selectsImageInBatch() {
    float[] maps = {9, 9, 1, 3};
    float[] weights = {1};

    float[] map = GradCam.lowResolution(maps, 1, 1, 1, 2, weights);

    assertArrayEquals(new float[] {1f / 3, 1f}, map, TOLERANCE);
  }

  @Test
  void mapWithoutPositiveEvidenceIsZero() {
    float[] maps = {1, 2, 3, 4};
    float[] weights = {-1};

    float[] map = GradCam.lowResolution(maps, 0, 1, 2, 2, weights);

    assertArrayEquals(new float[4], map, TOLERANCE);
  }

  @Test
  void upsamplesLikeBilinearWithHalfPixelCentres() {
    float[] map = {0, 1, 2, 3};

    float[] upsampled = GradCam.upsample(map, 2, 2, 4, 4);

    // torch.nn.functional.interpolate(mode="bilinear", align_corners=False) of [[0, 1], [2, 3]]
    assertArrayEquals(new float[] {
        0.0f, 0.25f, 0.75f, 1.0f,
        0.5f, 0.75f, 1.25f, 1.5f,
        1.5f, 1.75f, 2.25f, 2.5f,
        2.0f, 2.25f, 2.75f, 3.0f}, upsampled, TOLERANCE);
  }
}
