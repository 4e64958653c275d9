package org.pd1response.evaluation.predictions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One case of a predictions file.
 *
 * @param label observed outcome, 1 for responder and 0 for non-responder; null when unknown
 * @param subgroups subgroup column name to this case's level, such as {@code regimen -> PD-1+TACE}
 * @param probabilities model name to predicted probability of response; a model without a score
 *     for this case is absent
 */
public record PredictionRow(
    String caseId, String cohort, Integer label, Map<String, String> subgroups, Map<String, Double> probabilities) {

  public PredictionRow {
    subgroups = Collections.unmodifiableMap(new LinkedHashMap<>(subgroups));
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }
}
