package org.pd1response.evaluation.reference;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.baseline.BaselineVariable;
import org.pd1response.evaluation.baseline.Descriptives;
import org.pd1response.evaluation.baseline.HypothesisTests;
import org.pd1response.evaluation.baseline.TestResult;
import org.pd1response.evaluation.metrics.AucComparison;
import org.pd1response.evaluation.metrics.ConfusionMatrix;
import org.pd1response.evaluation.metrics.GroupPerformance;
import org.pd1response.evaluation.metrics.ModelPerformance;
import org.pd1response.evaluation.metrics.PerformanceEvaluator;
import org.pd1response.evaluation.metrics.ReliabilityBin;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;

/**
 * Compares this module's metrics with reference values that R's pROC and scikit-learn/SciPy
 * computed on the same files (see src/test/reference/make-reference.sh). Shared by the test on
 * the checked-in reference values and the test that runs R and Python live.
 */
final class ReferenceChecks {

  /** Agreement of closed-form values, which differ only by floating-point rounding. */
  static final double EXACT = 1e-9;

  /** Agreement of iterative fits (Newton-Raphson here, BFGS in SciPy). */
  static final double FITTED = 1e-5;

  /** Missing-value tokens, as in the baseline table and the Python script. */
  private static final Set<String> MISSING = Set.of("", "NA", "NaN", "?");

  /** Python's json module writes infinite odds ratios as the bare token Infinity. */
  private static final ObjectMapper READER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private ReferenceChecks() {}

  /** Evaluates a predictions file and indexes the groups by "cohort|level" (level empty for the whole cohort). */
  static Map<String, GroupPerformance> evaluate(Path predictions) throws IOException {
    List<GroupPerformance> groups = new PerformanceEvaluator(0.95, 10).evaluate(PredictionsCsv.read(predictions));
    return groups.stream().collect(Collectors.toMap(
        group -> group.cohort() + "|" + (group.level() == null ? "" : group.level()), Function.identity()));
  }

  /** Checks every AUC, DeLong interval and variance, and every paired DeLong test, against pROC's output. */
  static void checkAgainstProc(Path predictions, Path procCsv) throws IOException {
    Map<String, GroupPerformance> groups = evaluate(predictions);
    CsvTable reference = CsvTable.read(procCsv);
    Map<String, Integer> column = reference.columnIndex();
    List<Executable> checks = new ArrayList<>();
    int aucRows = 0;
    int testRows = 0;
    for (List<String> row : reference.rows()) {
      String where = row.get(column.get("cohort")) + "|" + row.get(column.get("level"));
      GroupPerformance group = groups.get(where);
      assertNotNull(group, "group " + where + " of the pROC reference is missing from the evaluation");
      String modelA = row.get(column.get("model_a"));
      int n = Integer.parseInt(row.get(column.get("n")));
      if (row.get(column.get("kind")).equals("auc")) {
        aucRows++;
        ModelPerformance model = model(group, modelA);
        String label = where + " " + modelA;
        checks.add(() -> assertEquals(n, model.cases(), label + " n"));
        checks.add(() -> assertEquals(number(row, column, "auc"), model.roc().auc(), EXACT, label + " AUC"));
        checks.add(() -> assertEquals(number(row, column, "ci_lower"), model.roc().ciLower(), EXACT, label + " CI lower"));
        checks.add(() -> assertEquals(number(row, column, "ci_upper"), model.roc().ciUpper(), EXACT, label + " CI upper"));
        checks.add(() -> assertEquals(number(row, column, "variance"), model.roc().variance(), EXACT, label + " DeLong variance"));
      } else {
        testRows++;
        String modelB = row.get(column.get("model_b"));
        AucComparison comparison = group.comparisons().stream()
            .filter(c -> c.modelA().equals(modelA) && c.modelB().equals(modelB))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DeLong test of " + modelA + " and " + modelB + " in " + where));
        String label = where + " " + modelA + " vs " + modelB;
        checks.add(() -> assertEquals(n, comparison.cases(), label + " n"));
        checks.add(() -> assertEquals(number(row, column, "z"), comparison.z(), EXACT, label + " z"));
        checks.add(() -> assertEquals(number(row, column, "p_value"), comparison.pValue(), EXACT, label + " p"));
      }
    }
    assertTrue(aucRows >= 6, "pROC reference must hold AUCs of at least two cohorts, found " + aucRows);
    assertTrue(testRows >= 6, "pROC reference must hold DeLong tests of at least two cohorts, found " + testRows);
    assertAll(checks);
  }

  /** Checks threshold metrics, Brier score, calibration and reliability curves against scikit-learn and SciPy. */
  static void checkPerformanceAgainstSklearn(Path predictions, Path sklearnJson) throws IOException {
    Map<String, GroupPerformance> groups = evaluate(predictions);
    JsonNode reference = READER.readTree(sklearnJson.toFile()).get("performance");
    assertTrue(reference.size() >= 6, "scikit-learn reference must hold at least six model rows, found " + reference.size());
    List<Executable> checks = new ArrayList<>();
    for (JsonNode entry : reference) {
      String where = entry.get("cohort").asText() + "|" + entry.get("level").asText();
      GroupPerformance group = groups.get(where);
      assertNotNull(group, "group " + where + " of the scikit-learn reference is missing from the evaluation");
      ModelPerformance model = model(group, entry.get("model").asText());
      ConfusionMatrix c = model.confusion();
      String label = where + " " + model.model();
      checks.add(() -> assertEquals(entry.get("n").asInt(), model.cases(), label + " n"));
      checks.add(() -> assertEquals(entry.get("tp").asInt(), c.truePositives(), label + " TP"));
      checks.add(() -> assertEquals(entry.get("fp").asInt(), c.falsePositives(), label + " FP"));
      checks.add(() -> assertEquals(entry.get("tn").asInt(), c.trueNegatives(), label + " TN"));
      checks.add(() -> assertEquals(entry.get("fn").asInt(), c.falseNegatives(), label + " FN"));
      checks.add(() -> assertEquals(entry.get("auc").asDouble(), model.roc().auc(), EXACT, label + " AUC"));
      checks.add(() -> assertEquals(entry.get("accuracy").asDouble(), c.accuracy(), EXACT, label + " accuracy"));
      checks.add(() -> assertEquals(entry.get("balanced_accuracy").asDouble(), c.balancedAccuracy(), EXACT, label + " balanced accuracy"));
      checks.add(() -> assertEquals(entry.get("sensitivity").asDouble(), c.sensitivity(), EXACT, label + " sensitivity"));
      checks.add(() -> assertEquals(entry.get("specificity").asDouble(), c.specificity(), EXACT, label + " specificity"));
      checks.add(() -> assertEquals(optional(entry, "precision"), c.precision(), EXACT, label + " precision"));
      checks.add(() -> assertEquals(optional(entry, "f1"), c.f1(), EXACT, label + " F1"));
      checks.add(() -> assertEquals(entry.get("mcc").asDouble(), c.mcc(), EXACT, label + " MCC"));
      checks.add(() -> assertEquals(entry.get("brier").asDouble(), model.calibration().brierScore(), EXACT, label + " Brier"));
      checks.add(() -> assertEquals(entry.get("calibration_intercept").asDouble(), model.calibration().intercept(), FITTED,
          label + " calibration intercept"));
      checks.add(() -> assertEquals(entry.get("calibration_slope").asDouble(), model.calibration().slope(), FITTED,
          label + " calibration slope"));
      List<ReliabilityBin> bins = model.calibration().reliability();
      checks.add(() -> assertEquals(entry.get("reliability_observed").size(), bins.size(), label + " reliability bins"));
      for (int b = 0; b < Math.min(bins.size(), entry.get("reliability_observed").size()); b++) {
        int bin = b;
        checks.add(() -> assertEquals(entry.get("reliability_observed").get(bin).asDouble(), bins.get(bin).observedRate(), EXACT,
            label + " reliability bin " + bin + " observed"));
        checks.add(() -> assertEquals(entry.get("reliability_predicted").get(bin).asDouble(), bins.get(bin).meanPredicted(), EXACT,
            label + " reliability bin " + bin + " predicted"));
      }
    }
    assertAll(checks);
  }

  /** Checks both continuous tests, the descriptives, both categorical tests and the table's chosen test against SciPy. */
  static void checkBaselineAgainstScipy(Path baselineCsv, Path sklearnJson) throws IOException {
    CsvTable csv = CsvTable.read(baselineCsv);
    JsonNode reference = READER.readTree(sklearnJson.toFile()).get("baseline");
    String groupColumn = reference.get("group_column").asText();
    List<String> groups = List.of(reference.get("groups").get(0).asText(), reference.get("groups").get(1).asText());
    BaselineTable table = BaselineTable.build(csv, new BaselineTable.Options(groupColumn, List.of(), Set.of("case_id"), Set.of(), Set.of()));
    assertEquals(groups, table.groups(), "baseline groups");
    List<Executable> checks = new ArrayList<>();
    for (JsonNode entry : reference.get("variables")) {
      String name = entry.get("variable").asText();
      BaselineVariable variable = table.variables().stream().filter(v -> v.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("baseline variable " + name + " is missing"));
      if (entry.has("welch_t")) {
        double[] x = values(csv, groupColumn, groups.get(0), name);
        double[] y = values(csv, groupColumn, groups.get(1), name);
        TestResult welch = HypothesisTests.welchT(x, y);
        TestResult mannWhitney = HypothesisTests.mannWhitneyU(x, y);
        checks.add(() -> assertEquals(entry.get("welch_t").asDouble(), welch.statistic(), EXACT, name + " Welch t"));
        checks.add(() -> assertEquals(entry.get("welch_p").asDouble(), welch.pValue(), EXACT, name + " Welch p"));
        checks.add(() -> assertEquals(entry.get("mann_whitney_u").asDouble(), mannWhitney.statistic(), EXACT, name + " U"));
        checks.add(() -> assertEquals(entry.get("mann_whitney_p").asDouble(), mannWhitney.pValue(), EXACT, name + " Mann-Whitney p"));
        checks.add(() -> assertEquals(entry.get("means").get(0).asDouble(), Descriptives.mean(x), EXACT, name + " mean"));
        checks.add(() -> assertEquals(entry.get("sds").get(1).asDouble(), Descriptives.standardDeviation(y), EXACT, name + " SD"));
        checks.add(() -> assertEquals(entry.get("medians").get(0).asDouble(), Descriptives.quantile(x, 0.5), EXACT, name + " median"));
        checks.add(() -> assertEquals(entry.get("q1").get(1).asDouble(), Descriptives.quantile(y, 0.25), EXACT, name + " Q1"));
        checks.add(() -> assertEquals(entry.get("q3").get(0).asDouble(), Descriptives.quantile(x, 0.75), EXACT, name + " Q3"));
        String chosenStatistic = variable.kind() == BaselineVariable.Kind.NORMAL ? "welch_t" : "mann_whitney_u";
        checks.add(() -> assertEquals(entry.get(chosenStatistic).asDouble(), variable.test().statistic(), EXACT,
            name + " statistic of the chosen test"));
      } else {
        long[][] counts = counts(entry.get("counts"));
        if (counts.length < 2) {
          checks.add(() -> assertNull(variable.test(), name + " has one level, so no test"));
          continue;
        }
        TestResult chiSquare = HypothesisTests.chiSquare(counts);
        checks.add(() -> assertEquals(entry.get("chi_square").asDouble(), chiSquare.statistic(), EXACT, name + " chi-square"));
        checks.add(() -> assertEquals(entry.get("chi_square_p").asDouble(), chiSquare.pValue(), EXACT, name + " chi-square p"));
        for (int level = 0; level < counts.length; level++) {
          int l = level;
          checks.add(() -> assertEquals(counts[l][0], (long) variable.categories().get(l).counts().get(0), name + " level " + l + " count"));
        }
        if (entry.has("fisher_p")) {
          TestResult fisher = HypothesisTests.fisherExact(counts);
          checks.add(() -> assertEquals(entry.get("fisher_p").asDouble(), fisher.pValue(), EXACT, name + " Fisher p"));
          checks.add(() -> assertEquals(entry.get("fisher_odds_ratio").asDouble(), fisher.statistic(), EXACT, name + " odds ratio"));
        }
        String chosen = variable.test().test().startsWith("Fisher") ? "fisher_p" : "chi_square_p";
        checks.add(() -> assertEquals(entry.get(chosen).asDouble(), variable.test().pValue(), EXACT, name + " p of the chosen test"));
      }
    }
    assertFalse(checks.isEmpty(), "the SciPy reference holds no baseline variables");
    assertAll(checks);
  }

  private static ModelPerformance model(GroupPerformance group, String name) {
    return group.models().stream().filter(m -> m.model().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("model " + name + " is missing from group " + group.title()));
  }

  private static double number(List<String> row, Map<String, Integer> column, String name) {
    return Double.parseDouble(row.get(column.get(name)));
  }

  private static double optional(JsonNode entry, String field) {
    return entry.get(field).isNull() ? Double.NaN : entry.get(field).asDouble();
  }

  private static double[] values(CsvTable csv, String groupColumn, String group, String column) {
    int g = csv.require(groupColumn);
    int c = csv.require(column);
    return csv.rows().stream().filter(row -> row.get(g).equals(group)).map(row -> row.get(c))
        .filter(value -> !MISSING.contains(value.strip())).mapToDouble(Double::parseDouble).toArray();
  }

  private static long[][] counts(JsonNode node) {
    long[][] counts = new long[node.size()][];
    for (int r = 0; r < node.size(); r++) {
      counts[r] = new long[node.get(r).size()];
      for (int c = 0; c < node.get(r).size(); c++) {
        counts[r][c] = node.get(r).get(c).asLong();
      }
    }
    return counts;
  }
}
