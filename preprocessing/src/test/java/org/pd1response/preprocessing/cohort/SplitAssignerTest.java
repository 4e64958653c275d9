package org.pd1response.preprocessing.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {

  private static final long SEED = 42L;

  @Test
  void stratifiesByLabel() {
    // given 200 negative and 100 positive units
    List<SplitAssigner.Unit> units = units(200, 100);

    // when
    Map<String, Split> splits = SplitAssigner.assign(units, SEED, SplitRatios.DEFAULT);

    // then
    assertEquals(140, count(splits, units, 0, Split.TRAIN));
    assertEquals(30, count(splits, units, 0, Split.VALIDATION));
    assertEquals(30, count(splits, units, 0, Split.TEST));
    assertEquals(70, count(splits, units, 1, Split.TRAIN));
    assertEquals(15, count(splits, units, 1, Split.VALIDATION));
    assertEquals(15, count(splits, units, 1, Split.TEST));
  }

  @Test
  void sameSeedGivesSameSplits() {
    // given
    List<SplitAssigner.Unit> units = units(50, 30);

    // when
    Map<String, Split> first = SplitAssigner.assign(units, SEED, SplitRatios.DEFAULT);
    List<SplitAssigner.Unit> reversed = new ArrayList<>(units);
    Collections.reverse(reversed);
    Map<String, Split> again = SplitAssigner.assign(reversed, SEED, SplitRatios.DEFAULT);
    Map<String, Split> otherSeed = SplitAssigner.assign(units, SEED + 1, SplitRatios.DEFAULT);

    // then
    assertEquals(first, again);
    assertNotEquals(first, otherSeed);
  }

  @Test
  void rejectsRatiosNotAddingUpToHundred() {
    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SplitRatios.parse("70/20/20"));

    // then
    assertEquals("split percentages must be train >= 1, validation >= 0, test >= 0 and add up to 100, found 70/20/20",
        error.getMessage());
  }

  private static List<SplitAssigner.Unit> units(int negatives, int positives) {
    List<SplitAssigner.Unit> units = new ArrayList<>();
    for (int i = 0; i < negatives; i++) {
      units.add(new SplitAssigner.Unit("n" + i, 0));
    }
    for (int i = 0; i < positives; i++) {
      units.add(new SplitAssigner.Unit("p" + i, 1));
    }
    return units;
  }

  private static long count(Map<String, Split> splits, List<SplitAssigner.Unit> units, int label, Split split) {
    return units.stream().filter(u -> u.label() == label && splits.get(u.key()) == split).count();
  }
}
