package org.pd1response.clinical.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One clinical indicator of a schema: its canonical unit, the alternative units it accepts and
 * their conversion factors, its plausible range and how missing values are coded.
 *
 * @param name canonical name, used in events, model features and model cards
 * @param description what is measured, in words, with its source where useful
 * @param type measurement scale
 * @param unit canonical unit; {@code 1} for dimensionless binary, ordinal and categorical values
 * @param alternativeUnits other units accepted in source data, with factors to the canonical unit
 * @param range plausible range in the canonical unit; values outside are flagged IMPLAUSIBLE
 * @param zeroImpossible whether a recorded 0 is impossible and therefore read as a missing-value
 *     code, flagged IMPLAUSIBLE
 * @param magnitudeRule how to read a unitless value in a column that mixes units; null when the
 *     column is consistent
 * @param levels labels accepted for binary, ordinal and categorical values, mapped to their codes;
 *     matched ignoring case
 * @param aliases other names under which sources send this indicator
 */
public record Indicator(
    String name,
    String description,
    IndicatorType type,
    String unit,
    List<UnitConversion> alternativeUnits,
    PlausibleRange range,
    boolean zeroImpossible,
    MagnitudeRule magnitudeRule,
    Map<String, Integer> levels,
    List<String> aliases) {

  /** Unit of dimensionless values, as in UCUM. */
  public static final String DIMENSIONLESS = "1";

  public Indicator {
    alternativeUnits = alternativeUnits == null ? List.of() : List.copyOf(alternativeUnits);
    levels = levels == null ? Map.of() : Map.copyOf(levels);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    if (unit == null && type != null && type != IndicatorType.CONTINUOUS) {
      unit = DIMENSIONLESS;
    }
  }

  /**
   * Returns the factor that converts a value in {@code sourceUnit} to the canonical unit, or
   * empty when the unit is not accepted. Units match ignoring case, surrounding blanks and the
   * spelling of micro ({@code µ}, {@code μ} or {@code u}).
   */
  public Optional<Double> factorFor(String sourceUnit) {
    String target = normaliseUnit(sourceUnit);
    if (target.equals(normaliseUnit(unit))) {
      return Optional.of(1.0);
    }
    return alternativeUnits.stream()
        .filter(conversion -> normaliseUnit(conversion.unit()).equals(target))
        .map(UnitConversion::factor)
        .findFirst();
  }

  /** Returns the code of a level label, matched ignoring case and surrounding blanks. */
  public Optional<Integer> levelCode(String label) {
    String target = label.strip().toLowerCase(Locale.ROOT);
    return levels.entrySet().stream()
        .filter(entry -> entry.getKey().strip().toLowerCase(Locale.ROOT).equals(target))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Returns the accepted units, canonical first, for error messages. */
  public List<String> acceptedUnits() {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(unit), alternativeUnits.stream().map(UnitConversion::unit))
        .toList();
  }

  static String normaliseUnit(String unit) {
    if (unit == null) {
      return "";
    }
    return unit.strip().replace('µ', 'u').replace('μ', 'u').toLowerCase(Locale.ROOT);
  }
}
