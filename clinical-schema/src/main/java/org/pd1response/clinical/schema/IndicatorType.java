package org.pd1response.clinical.schema;

/** Measurement scale of a clinical indicator, which decides how raw values are read. */
public enum IndicatorType {
  /** A measured quantity with a unit, such as platelets in 10^9/L. */
  CONTINUOUS,
  /** Two states coded 0 and 1, optionally written as labels such as "yes" and "no". */
  BINARY,
  /** Ordered integer grades such as ECOG 0-5, optionally written as labels such as "B". */
  ORDINAL,
  /** Unordered classes coded by integers, written as labels or as their codes. */
  CATEGORICAL
}
