package org.pd1response.preprocessing;

/**
 * Compares the library's grey levels with a reference's, both rounded to whole grey levels: the
 * acceptance rule is at most one grey level apart on every pixel and at least 99.9 % of pixels
 * identical.
 */
record GreyLevelComparison(int maxDifference, double identicalFraction, int values) {

  static final double MIN_IDENTICAL_FRACTION = 0.999;

  static GreyLevelComparison of(float[] actual, double[] reference) {
    if (actual.length != reference.length) {
      throw new AssertionError("expected " + reference.length + " values as in the reference, found " + actual.length);
    }
    int maxDifference = 0;
    int identical = 0;
    for (int i = 0; i < actual.length; i++) {
      int difference = (int) Math.abs(Math.rint(actual[i]) - Math.rint(reference[i]));
      maxDifference = Math.max(maxDifference, difference);
      if (difference == 0) {
        identical++;
      }
    }
    return new GreyLevelComparison(maxDifference, identical / (double) actual.length, actual.length);
  }

  boolean withinTolerance() {
    return maxDifference <= 1 && identicalFraction >= MIN_IDENTICAL_FRACTION;
  }

  @Override
  public String toString() {
    return "max difference " + maxDifference + " grey levels, " + String.format("%.4f", identicalFraction * 100)
        + " % of " + values + " values identical";
  }
}
