package org.pd1response.clinical.schema;

/**
 * One band of a {@link MagnitudeRule}: a unitless value in [{@code atLeast}, {@code below}) is
 * read in {@code unit}. A null bound leaves that side open.
 */
public record MagnitudeBand(Double atLeast, Double below, String unit) {

  /** Returns whether the raw number falls in this band. */
  public boolean matches(double value) {
    boolean aboveLower = atLeast == null || value >= atLeast;
    boolean belowUpper = below == null || value < below;
    return aboveLower && belowUpper;
  }
}
