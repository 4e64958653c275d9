package org.pd1response.clinical.model;

import java.util.List;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.NormalisedRecord;

/**
 * A labelled training cohort after normalisation.
 *
 * @param labels outcome per record, 0 or 1
 * @param dataSha256 SHA-256 of the source file's bytes, recorded in the model card
 */
public record Cohort(ClinicalSchema schema, List<NormalisedRecord> records, int[] labels, String dataSha256) {

  public Cohort {
    records = List.copyOf(records);
    if (records.size() != labels.length) {
      throw new IllegalArgumentException(
          "cohort needs one label per record: " + records.size() + " records, " + labels.length + " labels");
    }
  }

  /** Returns the number of positive labels. */
  public int positives() {
    int count = 0;
    for (int label : labels) {
      count += label;
    }
    return count;
  }
}
