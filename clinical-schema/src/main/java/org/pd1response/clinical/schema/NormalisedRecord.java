package org.pd1response.clinical.schema;

import java.util.List;
import org.pd1response.contracts.events.ClinicalValue;

/**
 * A clinical record after normalisation: one value per schema indicator, in schema order.
 *
 * @param values every indicator of the schema; absent ones carry the flag MISSING
 * @param missing names of the indicators whose flag is not PRESENT, in schema order
 * @param ignored names of unknown raw values dropped under {@link UnknownIndicatorPolicy#IGNORE}
 */
public record NormalisedRecord(List<ClinicalValue> values, List<String> missing, List<String> ignored) {

  public NormalisedRecord {
    values = List.copyOf(values);
    missing = List.copyOf(missing);
    ignored = List.copyOf(ignored);
  }

  /** Returns the number of values with the given flag. */
  public long count(ClinicalValue.ValueFlag flag) {
    return values.stream().filter(v -> v.flag() == flag).count();
  }
}
