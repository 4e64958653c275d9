package org.pd1response.clinical.schema;

/**
 * One clinical value as it arrived from a source: an EMR message, a REST body or a CSV cell.
 *
 * @param name indicator name or one of its aliases
 * @param text the value as text, such as {@code "250"}, {@code "?"} or {@code "B"}; null when absent
 * @param unit unit as given by the source; null or blank when the source gives none
 */
public record RawValue(String name, String text, String unit) {

  /** Creates a raw value without a unit. */
  public static RawValue of(String name, String text) {
    return new RawValue(name, text, null);
  }

  /** Creates a raw value from a number; NaN and infinities are later read as missing. */
  public static RawValue of(String name, double number, String unit) {
    return new RawValue(name, Double.isFinite(number) ? Double.toString(number) : null, unit);
  }
}
