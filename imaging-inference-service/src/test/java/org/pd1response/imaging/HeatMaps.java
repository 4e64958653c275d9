package org.pd1response.imaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pd1response.imaging.model.InvalidTensorException;
import org.pd1response.imaging.model.NpyArrays;

/** Comparisons of heat maps in tests. */
public final class HeatMaps {

  public static final int SIZE = 224;

  private HeatMaps() {}

  /** Pearson correlation of two maps of equal length. */
  public static double correlation(float[] a, float[] b) {
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < a.length; i++) {
      meanA += a[i];
      meanB += b[i];
    }
    meanA /= a.length;
    meanB /= b.length;
    double covariance = 0;
    double varianceA = 0;
    double varianceB = 0;
    for (int i = 0; i < a.length; i++) {
      covariance += (a[i] - meanA) * (b[i] - meanB);
      varianceA += (a[i] - meanA) * (a[i] - meanA);
      varianceB += (b[i] - meanB) * (b[i] - meanB);
    }
    return covariance / Math.sqrt(varianceA * varianceB);
  }

  /** Reads a float32 {@code .npy} file of the given shape. */
  public static float[] read(Path file, int... shape) throws IOException, InvalidTensorException {
    return NpyArrays.readFloat32(Files.readAllBytes(file), shape);
  }
}
