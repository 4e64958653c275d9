package org.pd1response.evaluation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HypothesisTestsTest {

  @Test
  void fisherExactMatchesTeaTastingExample() {
    // given Fisher's lady tasting tea: 3 of 4 cups identified in each row
    long[][] table = {{3, 1}, {1, 3}};

    // when tested
    TestResult result = HypothesisTests.fisherExact(table);

    // then p = (1 + 16 + 16 + 1) / 70 and the odds ratio is 9
    assertEquals(34.0 / 70, result.pValue(), 1e-12);
    assertEquals(9.0, result.statistic(), 1e-12);
  }

  @Test
  void mannWhitneyCountsPairsOfFirstGroup() {
    // given x above y in 5 of 6 pairs
    TestResult result = HypothesisTests.mannWhitneyU(new double[] {3, 5}, new double[] {1, 2, 4});

    assertEquals(5.0, result.statistic(), 1e-12);
  }

  @Test
  void chiSquareNeedsTwoByTwo() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> HypothesisTests.chiSquare(new long[][] {{1, 2, 3}}));

    assertEquals("chi-square test needs at least a 2 x 2 table, found 1 x 3", error.getMessage());
  }

  @Test
  void welchNeedsTwoValuesPerGroup() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> HypothesisTests.welchT(new double[] {1}, new double[] {1, 2}));

    assertEquals("Welch t-test needs at least 2 values per group, found 1 and 2", error.getMessage());
  }
}
