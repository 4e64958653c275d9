package org.pd1response.contracts.events;

/**
 * One clinical indicator after unit conversion and plausibility checks.
 *
 * @param value value in the canonical unit; null whenever the flag is not {@code PRESENT}
 * @param unit canonical unit of the indicator, such as {@code 10^9/L}
 * @param sourceUnit unit the value arrived in, when it was converted
 */
public record ClinicalValue(String name, Double value, String unit, String sourceUnit, ValueFlag flag) {

  /** Why a value is or is not usable. */
  public enum ValueFlag {
    PRESENT,
    /** Absent, empty or a missing-value code such as '?' or 'NA'. */
    MISSING,
    /** Outside the indicator's plausible range, or a code such as 0 where 0 is impossible. */
    IMPLAUSIBLE,
    /** Text that is neither a number nor a known code. */
    UNPARSEABLE
  }
}
