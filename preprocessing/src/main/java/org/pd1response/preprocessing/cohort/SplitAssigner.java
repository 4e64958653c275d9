package org.pd1response.preprocessing.cohort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Assigns splits stratified by label, reproducibly. Units are what must stay together: a group of
 * exact duplicate images is one unit. Within each label (0, then 1, then unknown) the units are
 * sorted by key, shuffled with one {@link Random} seeded once, and cut into
 * {@code round(n * train%)} train, {@code round(n * validation%)} validation and the rest test
 * units. The same units, seed and ratios always give the same splits.
 */
public final class SplitAssigner {

  /** Units that go to one split together, with their common label (null when unknown). */
  public record Unit(String key, Integer label) {}

  private SplitAssigner() {}

  /** Returns the split of every unit, by key. */
  public static Map<String, Split> assign(List<Unit> units, long seed, SplitRatios ratios) {
    Random random = new Random(seed);
    Map<String, Split> splits = new HashMap<>();
    for (Integer label : new Integer[] {0, 1, null}) {
      List<Unit> stratum = new ArrayList<>(units.stream().filter(u -> Objects.equals(u.label(), label))
          .sorted(Comparator.comparing(Unit::key)).toList());
      Collections.shuffle(stratum, random);
      int n = stratum.size();
      int train = (int) Math.round(n * ratios.train() / 100.0);
      int validation = Math.min(n - train, (int) Math.round(n * ratios.validation() / 100.0));
      for (int i = 0; i < n; i++) {
        Split split = Split.TEST;
        if (i < train) {
          split = Split.TRAIN;
        } else if (i < train + validation) {
          split = Split.VALIDATION;
        }
        splits.put(stratum.get(i).key(), split);
      }
    }
    return splits;
  }
}
