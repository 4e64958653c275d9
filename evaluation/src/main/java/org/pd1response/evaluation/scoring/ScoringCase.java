package org.pd1response.evaluation.scoring;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.clinical.schema.RawValue;

/**
 * One case to score.
 *
 * @param label observed outcome, 1 or 0; null when unknown
 * @param subgroups subgroup column name to this case's level
 * @param image image file; null when the case has no image
 * @param masks ROI mask files of the image, possibly none
 * @param clinical raw clinical values as read from the CSV; null when the case has no clinical record
 */
public record ScoringCase(String caseId, String cohort, Integer label, Map<String, String> subgroups, Path image,
    List<Path> masks, List<RawValue> clinical) {

  public ScoringCase {
    subgroups = Collections.unmodifiableMap(new LinkedHashMap<>(subgroups));
    masks = List.copyOf(masks);
    clinical = clinical == null ? null : List.copyOf(clinical);
  }
}
