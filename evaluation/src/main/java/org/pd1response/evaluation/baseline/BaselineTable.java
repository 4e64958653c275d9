package org.pd1response.evaluation.baseline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.pd1response.evaluation.baseline.BaselineVariable.CategoryCounts;
import org.pd1response.evaluation.baseline.BaselineVariable.Kind;
import org.pd1response.evaluation.predictions.CsvTable;

/**
 * A cohort baseline table comparing two groups (training against validation set, responders
 * against non-responders) on every variable of a CSV file.
 *
 * <p>Choice of summary and test per variable:
 *
 * <ul>
 *   <li>a column is continuous when every non-missing value is a number and it has at least
 *       {@value #MIN_CONTINUOUS_LEVELS} distinct values, unless it is named as categorical;
 *   <li>a continuous variable is shown as mean (SD) with Welch's t-test when the sample skewness
 *       of each group is within +-{@value #MAX_NORMAL_SKEWNESS}, otherwise (or when named as
 *       non-parametric) as median [Q1, Q3] with the Mann-Whitney U test;
 *   <li>a categorical variable is shown as counts with percentages; a 2 x 2 table with any
 *       expected count below 5 uses Fisher's exact test, any other table the chi-square test.
 * </ul>
 *
 * Values "", "NA", "NaN" and "?" are missing and counted per group.
 */
public record BaselineTable(String groupColumn, List<String> groups, List<Integer> groupSizes, List<BaselineVariable> variables) {

  public static final int MIN_CONTINUOUS_LEVELS = 5;
  public static final double MAX_NORMAL_SKEWNESS = 1.0;

  private static final Set<String> MISSING = Set.of("", "NA", "NaN", "?");

  /** Which columns to use and how. */
  public record Options(
      String groupColumn, List<String> groups, Set<String> excluded, Set<String> categorical, Set<String> nonParametric) {}

  /**
   * Builds the table.
   *
   * @throws IllegalArgumentException when the group column is missing or does not split the rows
   *     into exactly two groups, naming the groups found
   */
  public static BaselineTable build(CsvTable csv, Options options) {
    int groupIndex = csv.require(options.groupColumn());
    List<String> groups = options.groups() == null || options.groups().isEmpty()
        ? csv.rows().stream().map(row -> row.get(groupIndex).strip()).filter(value -> !MISSING.contains(value))
            .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList()
        : List.copyOf(options.groups());
    if (groups.size() != 2) {
      throw new IllegalArgumentException(csv.source() + ": group column '" + options.groupColumn()
          + "' must define exactly two groups (choose them with --groups), found " + groups);
    }
    List<Integer> sizes = new ArrayList<>();
    for (String group : groups) {
      sizes.add((int) csv.rows().stream().filter(row -> row.get(groupIndex).strip().equals(group)).count());
    }
    for (int g = 0; g < 2; g++) {
      if (sizes.get(g) == 0) {
        throw new IllegalArgumentException(csv.source() + ": group '" + groups.get(g) + "' of column '"
            + options.groupColumn() + "' has no rows");
      }
    }
    List<BaselineVariable> variables = new ArrayList<>();
    for (int column = 0; column < csv.header().size(); column++) {
      String name = csv.header().get(column);
      if (column == groupIndex || options.excluded().contains(name)) {
        continue;
      }
      List<List<String>> values = new ArrayList<>();
      List<Integer> missing = new ArrayList<>();
      for (String group : groups) {
        List<String> present = new ArrayList<>();
        int absent = 0;
        for (List<String> row : csv.rows()) {
          if (row.get(groupIndex).strip().equals(group)) {
            String value = row.get(column).strip();
            if (MISSING.contains(value)) {
              absent++;
            } else {
              present.add(value);
            }
          }
        }
        values.add(present);
        missing.add(absent);
      }
      variables.add(describe(name, values, missing, options));
    }
    return new BaselineTable(options.groupColumn(), groups, sizes, variables);
  }

  private static BaselineVariable describe(String name, List<List<String>> values, List<Integer> missing, Options options) {
    double[][] numbers = {numbers(values.get(0)), numbers(values.get(1))};
    long distinct = values.stream().flatMap(List::stream).distinct().count();
    boolean numeric = numbers[0] != null && numbers[1] != null;
    if (numeric && distinct >= MIN_CONTINUOUS_LEVELS && !options.categorical().contains(name)) {
      return continuous(name, numbers, missing, options.nonParametric().contains(name));
    }
    return categorical(name, values, missing);
  }

  private static BaselineVariable continuous(String name, double[][] numbers, List<Integer> missing, boolean forcedNonParametric) {
    if (numbers[0].length < 2 || numbers[1].length < 2) {
      return new BaselineVariable(name, Kind.NORMAL, List.of(summaryMean(numbers[0]), summaryMean(numbers[1])), List.of(),
          missing, null, "fewer than two values in a group: no test");
    }
    double skewA = Descriptives.skewness(numbers[0]);
    double skewB = Descriptives.skewness(numbers[1]);
    boolean normal = !forcedNonParametric
        && Math.abs(skewA) <= MAX_NORMAL_SKEWNESS && Math.abs(skewB) <= MAX_NORMAL_SKEWNESS;
    if (normal) {
      return new BaselineVariable(name, Kind.NORMAL, List.of(summaryMean(numbers[0]), summaryMean(numbers[1])), List.of(),
          missing, HypothesisTests.welchT(numbers[0], numbers[1]), "");
    }
    String note = forcedNonParametric
        ? "non-parametric as requested"
        : String.format(Locale.ROOT, "skewness %.2f and %.2f", skewA, skewB);
    return new BaselineVariable(name, Kind.SKEWED, List.of(summaryMedian(numbers[0]), summaryMedian(numbers[1])), List.of(),
        missing, HypothesisTests.mannWhitneyU(numbers[0], numbers[1]), note);
  }

  private static BaselineVariable categorical(String name, List<List<String>> values, List<Integer> missing) {
    Set<String> levels = new TreeSet<>();
    values.forEach(levels::addAll);
    List<String> ordered = new ArrayList<>(new LinkedHashSet<>(levels));
    long[][] table = new long[ordered.size()][2];
    List<CategoryCounts> categories = new ArrayList<>();
    for (int l = 0; l < ordered.size(); l++) {
      List<Integer> counts = new ArrayList<>();
      List<Double> percentages = new ArrayList<>();
      for (int g = 0; g < 2; g++) {
        String level = ordered.get(l);
        int count = (int) values.get(g).stream().filter(level::equals).count();
        table[l][g] = count;
        counts.add(count);
        percentages.add(values.get(g).isEmpty() ? Double.NaN : 100.0 * count / values.get(g).size());
      }
      categories.add(new CategoryCounts(ordered.get(l), counts, percentages));
    }
    if (ordered.size() < 2 || values.get(0).isEmpty() || values.get(1).isEmpty()) {
      return new BaselineVariable(name, Kind.CATEGORICAL, List.of(), categories, missing, null,
          "a single level or an empty group: no test");
    }
    double minExpected = java.util.Arrays.stream(HypothesisTests.expected(table))
        .flatMapToDouble(java.util.Arrays::stream).min().orElse(0);
    if (ordered.size() == 2 && minExpected < 5) {
      return new BaselineVariable(name, Kind.CATEGORICAL, List.of(), categories, missing,
          HypothesisTests.fisherExact(table), "expected count below 5");
    }
    // NOTE: larger tables with sparse cells keep the chi-square test and only say so in the note;
    // the Fisher-Freeman-Halton exact test would be the exact alternative.
    String note = minExpected < 5 ? "expected count below 5: the chi-square approximation is unreliable" : "";
    return new BaselineVariable(name, Kind.CATEGORICAL, List.of(), categories, missing, HypothesisTests.chiSquare(table), note);
  }

  private static double[] numbers(List<String> values) {
    double[] numbers = new double[values.size()];
    for (int i = 0; i < numbers.length; i++) {
      try {
        numbers[i] = Double.parseDouble(values.get(i));
      } catch (NumberFormatException e) {
        return null;
      }
      if (!Double.isFinite(numbers[i])) {
        return null;
      }
    }
    return numbers;
  }

  private static String summaryMean(double[] values) {
    return String.format(Locale.ROOT, "%s (%s)", significant(Descriptives.mean(values)),
        significant(Descriptives.standardDeviation(values)));
  }

  private static String summaryMedian(double[] values) {
    return String.format(Locale.ROOT, "%s [%s, %s]", significant(Descriptives.quantile(values, 0.5)),
        significant(Descriptives.quantile(values, 0.25)), significant(Descriptives.quantile(values, 0.75)));
  }

  /** Formats with four significant digits, which is as much as a baseline table needs. */
  static String significant(double value) {
    if (Double.isNaN(value)) {
      return "NA";
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
