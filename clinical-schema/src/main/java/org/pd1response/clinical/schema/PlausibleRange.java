package org.pd1response.clinical.schema;

/**
 * Closed interval of values, in the canonical unit, that a living patient can have. Values
 * outside it are flagged implausible.
 */
public record PlausibleRange(double min, double max) {

  /** Returns whether {@code value} lies in the closed interval. */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }
}
