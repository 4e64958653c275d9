package org.pd1response.evaluation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pd1response.evaluation.predictions.CsvTable;

class BaselineTableTest {

  static final String CSV = """
      case_id,split,age,afp,sex,rare
      a,train,50,10,M,no
      b,train,52,12,F,no
      c,train,55,11,M,no
      d,train,58,900,M,yes
      e,validation,61,13,F,no
      f,validation,49,15,M,no
      g,validation,53,14,M,no
      h,validation,57,16,?,no
      """;

  static BaselineTable build(Set<String> nonParametric) {
    return BaselineTable.build(CsvTable.parse("test.csv", CSV),
        new BaselineTable.Options("split", List.of(), Set.of("case_id"), Set.of(), nonParametric));
  }

  static BaselineVariable variable(BaselineTable table, String name) {
    return table.variables().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void choosesTestPerVariable() {
    // when the table is built
    BaselineTable table = build(Set.of());

    // then symmetric age gets the t-test, skewed AFP Mann-Whitney, and the sparse 2 x 2 table Fisher
    assertEquals(List.of("train", "validation"), table.groups());
    assertEquals(List.of(4, 4), table.groupSizes());
    assertEquals("Welch t-test", variable(table, "age").test().test());
    assertEquals(BaselineVariable.Kind.SKEWED, variable(table, "afp").kind());
    assertEquals("Mann-Whitney U test", variable(table, "afp").test().test());
    assertEquals("Fisher's exact test", variable(table, "rare").test().test());
  }

  @Test
  void countsMissingValuesPerGroup() {
    BaselineVariable sex = variable(build(Set.of()), "sex");

    assertEquals(List.of(0, 1), sex.missing());
    assertEquals(List.of(1, 1), sex.categories().get(0).counts(), "F per group");
    assertEquals(100.0 / 3, sex.categories().get(0).percentages().get(1), 1e-12, "share of non-missing values");
  }

  @Test
  void summarisesSkewedVariableByMedianAndQuartiles() {
    BaselineVariable age = variable(build(Set.of("age")), "age");

    assertEquals(BaselineVariable.Kind.SKEWED, age.kind());
    assertEquals("53.5 [51.5, 55.75]", age.summaries().get(0));
  }

  @Test
  void rejectsGroupColumnWithThreeLevels() {
    String csv = "case_id,arm,age\na,x,1\nb,y,2\nc,z,3\n";

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BaselineTable.build(
        CsvTable.parse("arms.csv", csv), new BaselineTable.Options("arm", List.of(), Set.of(), Set.of(), Set.of())));

    assertEquals("arms.csv: group column 'arm' must define exactly two groups (choose them with --groups), found [x, y, z]",
        error.getMessage());
  }
}
