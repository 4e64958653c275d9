package org.pd1response.localstack;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.SplittableRandom;

/**
 * Draws synthetic B-mode-like liver images with one lesion and its mask, for the demo only: a
 * convex-probe sector, parenchyma texture from smoothed noise, multiplicative Rayleigh speckle,
 * depth attenuation, and an elliptical lesion. Responders' lesions are drawn brighter, more
 * homogeneous and with smoother margins than non-responders', so that a CNN has a learnable but
 * noisy signal. The images carry no information about any real patient.
 */
public final class SyntheticUltrasound {

  /** An image, its lesion mask (0/255) and the label it was drawn for. */
  public record Sample(BufferedImage image, BufferedImage mask, int label) {}

  public static final int WIDTH = 320;
  public static final int HEIGHT = 288;

  private SyntheticUltrasound() {}

  /**
   * Draws one sample.
   *
   * @param label 1 for a responder-like lesion, 0 otherwise
   * @param random source of all randomness, so a seed reproduces the sample exactly
   */
  public static Sample draw(int label, SplittableRandom random) {
    double[][] texture = smoothedNoise(random, 6);
    double apexX = WIDTH / 2.0;
    double apexY = -40;
    double innerRadius = 60;
    double outerRadius = HEIGHT + 30;
    double halfAngle = Math.toRadians(35);

    double lesionX = WIDTH / 2.0 + (random.nextDouble() - 0.5) * 90;
    double lesionY = HEIGHT * (0.45 + random.nextDouble() * 0.25);
    double radiusX = 28 + random.nextDouble() * 22;
    double radiusY = radiusX * (0.7 + random.nextDouble() * 0.35);
    double angle = random.nextDouble() * Math.PI;
    // Overlapping class distributions: the signal is real but noisy.
    double lesionGain = label == 1 ? 1.25 + random.nextGaussian() * 0.18 : 0.75 + random.nextGaussian() * 0.18;
    double heterogeneity = label == 1 ? 0.15 + random.nextDouble() * 0.2 : 0.35 + random.nextDouble() * 0.3;
    double marginNoise = label == 1 ? 0.04 : 0.12 + random.nextDouble() * 0.1;
    double[][] lesionTexture = smoothedNoise(random, 3);

    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage mask = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster pixels = image.getRaster();
    WritableRaster maskPixels = mask.getRaster();
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        double dx = x - apexX;
        double dy = y - apexY;
        double radius = Math.hypot(dx, dy);
        double theta = Math.atan2(dx, dy);
        if (radius < innerRadius || radius > outerRadius || Math.abs(theta) > halfAngle) {
          continue;
        }
        double depth = (radius - innerRadius) / (outerRadius - innerRadius);
        double echo = 0.55 + 0.35 * texture[y][x];
        double ux = ((x - lesionX) * cos + (y - lesionY) * sin) / radiusX;
        double uy = (-(x - lesionX) * sin + (y - lesionY) * cos) / radiusY;
        double boundary = 1 + marginNoise * Math.sin(6 * Math.atan2(uy, ux) + lesionTexture[y][x] * 4);
        boolean inLesion = ux * ux + uy * uy <= boundary * boundary;
        if (inLesion) {
          echo = echo * lesionGain * (1 - heterogeneity) + heterogeneity * lesionTexture[y][x] * lesionGain;
          maskPixels.setSample(x, y, 0, 255);
        }
        double speckle = rayleigh(random);
        double attenuation = Math.exp(-1.1 * depth);
        double value = 200 * echo * speckle * attenuation + 6 * random.nextGaussian();
        pixels.setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(value))));
      }
    }
    return new Sample(image, mask, label);
  }

  /** Rayleigh-distributed factor with mean 1, the amplitude statistics of fully developed speckle. */
  private static double rayleigh(SplittableRandom random) {
    double sigma = 1 / Math.sqrt(Math.PI / 2);
    return sigma * Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
  }

  /** Noise in [0, 1] smoothed by repeated 3 x 3 box filtering; more passes give coarser texture. */
  private static double[][] smoothedNoise(SplittableRandom random, int passes) {
    double[][] field = new double[HEIGHT][WIDTH];
    for (double[] row : field) {
      for (int x = 0; x < WIDTH; x++) {
        row[x] = random.nextDouble();
      }
    }
    for (int pass = 0; pass < passes; pass++) {
      double[][] next = new double[HEIGHT][WIDTH];
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          double sum = 0;
          int count = 0;
          for (int j = Math.max(0, y - 1); j <= Math.min(HEIGHT - 1, y + 1); j++) {
            for (int i = Math.max(0, x - 1); i <= Math.min(WIDTH - 1, x + 1); i++) {
              sum += field[j][i];
              count++;
            }
          }
          next[y][x] = sum / count;
        }
      }
      field = next;
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double[] row : field) {
      for (double value : row) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    for (double[] row : field) {
      for (int x = 0; x < WIDTH; x++) {
        row[x] = (row[x] - min) / (max - min);
      }
    }
    return field;
  }
}
