package org.pd1response.clinical.schema;

/** Action of the normaliser on a raw value whose name the schema does not define. */
public enum UnknownIndicatorPolicy {
  /**
   * Rejects the record with a {@link ClinicalRecordException}. The default, because a misspelt
   * indicator that is silently dropped would turn into an imputed value downstream.
   */
  REJECT,
  /** Drops the value and lists its name in {@link NormalisedRecord#ignored()}. */
  IGNORE
}
