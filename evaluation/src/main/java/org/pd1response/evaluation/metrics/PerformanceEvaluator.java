package org.pd1response.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.pd1response.evaluation.predictions.ModelColumn;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;

/**
 * Computes the performance of every model per cohort and per subgroup level within each cohort.
 *
 * @param confidenceLevel confidence level of the AUC intervals, such as 0.95
 * @param reliabilityBins number of equal-width bins of the reliability curves
 */
public record PerformanceEvaluator(double confidenceLevel, int reliabilityBins) {

  public PerformanceEvaluator {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), found " + confidenceLevel);
    }
    if (reliabilityBins < 2) {
      throw new IllegalArgumentException("reliability bins must be at least 2, found " + reliabilityBins);
    }
  }

  /** Evaluates each cohort, then each level of each subgroup column within it, in file order. */
  public List<GroupPerformance> evaluate(PredictionTable table) {
    List<GroupPerformance> groups = new ArrayList<>();
    for (String cohort : table.cohorts()) {
      List<PredictionRow> rows = table.cohort(cohort);
      groups.add(evaluateGroup(table.models(), cohort, null, null, rows));
      for (String subgroup : table.subgroupNames()) {
        List<String> levels = rows.stream().map(row -> row.subgroups().get(subgroup)).distinct().sorted().toList();
        for (String level : levels) {
          Predicate<PredictionRow> inLevel = row -> level.equals(row.subgroups().get(subgroup));
          groups.add(evaluateGroup(table.models(), cohort, subgroup, level, rows.stream().filter(inLevel).toList()));
        }
      }
    }
    return groups;
  }

  /** Evaluates every model on one group of rows. */
  public GroupPerformance evaluateGroup(
      List<ModelColumn> models, String cohort, String subgroup, String level, List<PredictionRow> rows) {
    List<PredictionRow> labelled = rows.stream().filter(row -> row.label() != null).toList();
    int positives = (int) labelled.stream().filter(row -> row.label() == 1).count();
    List<ModelPerformance> performances = new ArrayList<>();
    for (ModelColumn model : models) {
      BinaryOutcomes outcomes = outcomes(labelled, row -> row.probabilities().containsKey(model.name()), model.name());
      if (outcomes.size() == 0) {
        continue;
      }
      RocAnalysis roc = outcomes.positives() > 0 && outcomes.negatives() > 0 ? DeLong.analyse(outcomes, confidenceLevel) : null;
      performances.add(new ModelPerformance(model.name(), model.threshold(), outcomes.size(), outcomes.positives(), roc,
          ConfusionMatrix.at(outcomes, model.threshold()), Calibration.of(outcomes, reliabilityBins)));
    }
    List<AucComparison> comparisons = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      for (int j = i + 1; j < models.size(); j++) {
        String a = models.get(i).name();
        String b = models.get(j).name();
        Predicate<PredictionRow> both = row -> row.probabilities().containsKey(a) && row.probabilities().containsKey(b);
        BinaryOutcomes outcomesA = outcomes(labelled, both, a);
        BinaryOutcomes outcomesB = outcomes(labelled, both, b);
        if (outcomesA.positives() > 0 && outcomesA.negatives() > 0) {
          comparisons.add(DeLong.compare(a, outcomesA, b, outcomesB));
        }
      }
    }
    return new GroupPerformance(cohort, subgroup, level, labelled.size(), positives, rows.size() - labelled.size(),
        performances, comparisons);
  }

  private static BinaryOutcomes outcomes(List<PredictionRow> rows, Predicate<PredictionRow> include, String model) {
    List<PredictionRow> kept = rows.stream().filter(include).toList();
    double[] probabilities = new double[kept.size()];
    int[] labels = new int[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      probabilities[i] = kept.get(i).probabilities().get(model);
      labels[i] = kept.get(i).label();
    }
    return new BinaryOutcomes(probabilities, labels);
  }
}
