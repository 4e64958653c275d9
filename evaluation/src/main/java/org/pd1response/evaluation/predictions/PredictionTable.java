package org.pd1response.evaluation.predictions;

import java.util.List;

/**
 * The contents of a predictions file: the models with their thresholds, the subgroup columns and
 * one row per case.
 */
public record PredictionTable(List<ModelColumn> models, List<String> subgroupNames, List<PredictionRow> rows) {

  public PredictionTable {
    models = List.copyOf(models);
    subgroupNames = List.copyOf(subgroupNames);
    rows = List.copyOf(rows);
  }

  /** Cohort names in order of first appearance. */
  public List<String> cohorts() {
    return rows.stream().map(PredictionRow::cohort).distinct().toList();
  }

  /** The rows of one cohort. */
  public List<PredictionRow> cohort(String name) {
    return rows.stream().filter(row -> row.cohort().equals(name)).toList();
  }

  /** The model column of the given name. */
  public ModelColumn model(String name) {
    return models.stream()
        .filter(model -> model.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "model '" + name + "' is not in the predictions file, found " + models.stream().map(ModelColumn::name).toList()));
  }
}
