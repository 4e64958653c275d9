package org.pd1response.clinical.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Stratified k-fold splits and seeded random oversampling. */
public final class Folds {

  private Folds() {}

  /**
   * Splits row indices into k folds with each class spread evenly over the folds. Returns, per
   * fold, {training rows, test rows}, both sorted.
   *
   * @throws IllegalArgumentException when k is below 2 or above the number of rows
   */
  public static List<int[][]> stratified(int[] y, int k, Random random) {
    if (k < 2 || k > y.length) {
      throw new IllegalArgumentException("fold count must be between 2 and " + y.length + ", found " + k);
    }
    int[] foldOf = new int[y.length];
    int offset = 0;
    for (int label = 0; label <= 1; label++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (y[i] == label) {
          members.add(i);
        }
      }
      Collections.shuffle(members, random);
      for (int m = 0; m < members.size(); m++) {
        foldOf[members.get(m)] = (offset + m) % k;
      }
      // Start the next class where this one stopped, so fold sizes differ by at most one.
      offset = (offset + members.size()) % k;
    }
    List<int[][]> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      final int fold = f;
      int[] test = java.util.stream.IntStream.range(0, y.length).filter(i -> foldOf[i] == fold).toArray();
      int[] train = java.util.stream.IntStream.range(0, y.length).filter(i -> foldOf[i] != fold).toArray();
      folds.add(new int[][] {train, test});
    }
    return folds;
  }

  /**
   * Returns the rows with the minority class drawn with replacement until both classes are equally
   * frequent. The original rows come first, in their order, then the drawn ones.
   */
  public static int[] oversample(int[] rows, int[] y, Random random) {
    int positives = (int) Arrays.stream(rows).filter(r -> y[r] == 1).count();
    int negatives = rows.length - positives;
    if (positives == 0 || negatives == 0 || positives == negatives) {
      return rows.clone();
    }
    int minority = positives < negatives ? 1 : 0;
    int[] minorityRows = Arrays.stream(rows).filter(r -> y[r] == minority).toArray();
    int extra = Math.abs(positives - negatives);
    int[] out = Arrays.copyOf(rows, rows.length + extra);
    for (int i = 0; i < extra; i++) {
      out[rows.length + i] = minorityRows[random.nextInt(minorityRows.length)];
    }
    return out;
  }
}
