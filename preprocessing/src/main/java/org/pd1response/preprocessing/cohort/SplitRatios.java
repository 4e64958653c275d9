package org.pd1response.preprocessing.cohort;

/**
 * Shares of the train, validation and test splits, in percent; they add up to 100.
 */
public record SplitRatios(int train, int validation, int test) {

  public static final SplitRatios DEFAULT = new SplitRatios(70, 15, 15);

  public SplitRatios {
    if (train < 1 || validation < 0 || test < 0 || train + validation + test != 100) {
      throw new IllegalArgumentException("split percentages must be train >= 1, validation >= 0, test >= 0 "
          + "and add up to 100, found " + train + "/" + validation + "/" + test);
    }
  }

  /** Parses {@code TRAIN/VALIDATION/TEST}, such as {@code 70/15/15}. */
  public static SplitRatios parse(String text) {
    String[] parts = text.split("/");
    if (parts.length != 3) {
      throw new IllegalArgumentException("split must be TRAIN/VALIDATION/TEST percentages such as 70/15/15, found '"
          + text + "'");
    }
    try {
      return new SplitRatios(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
          Integer.parseInt(parts[2].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("split percentages must be whole numbers, found '" + text + "'", e);
    }
  }
}
