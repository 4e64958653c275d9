package org.pd1response.clinical.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;

/**
 * Turns raw clinical values into {@link ClinicalValue}s in canonical units, flagging every value
 * that cannot be used. Thread-safe and stateless apart from its schema.
 *
 * <p>Rules, applied per value in this order:
 *
 * <ol>
 *   <li>Absent, blank or one of the schema's missing codes ({@code ?}, {@code NA}, ...): MISSING.
 *   <li>A binary, ordinal or categorical label (such as {@code yes} or {@code B}) becomes its code.
 *   <li>Text that is not a plain decimal number (such as {@code 1,5}, {@code <5} or {@code high}):
 *       UNPARSEABLE.
 *   <li>{@code -1} where the plausible minimum is above -1: MISSING, because sources use it as a
 *       "not recorded" code.
 *   <li>{@code 0} where the schema marks zero impossible: IMPLAUSIBLE.
 *   <li>Continuous values are converted to the canonical unit: with the given unit's factor, or,
 *       without a unit, with the unit that the indicator's magnitude rule infers.
 *   <li>A converted value outside the plausible range, or a non-integer or unlisted code of a
 *       binary, ordinal or categorical indicator: IMPLAUSIBLE.
 * </ol>
 *
 * <p>A value that is not PRESENT never carries a number. Structural faults reject the whole
 * record with a {@link ClinicalRecordException}: a blank name, the same indicator twice, a unit
 * the indicator does not accept, and (under {@link UnknownIndicatorPolicy#REJECT}) an unknown
 * indicator name.
 */
public final class ClinicalNormaliser {

  /** Plain decimal notation with an optional exponent; rejects hex, NaN, Infinity and commas. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final ClinicalSchema schema;
  private final UnknownIndicatorPolicy unknownPolicy;
  private final Set<String> missingCodes;

  /** Creates a normaliser that rejects records naming an unknown indicator. */
  public ClinicalNormaliser(ClinicalSchema schema) {
    this(schema, UnknownIndicatorPolicy.REJECT);
  }

  public ClinicalNormaliser(ClinicalSchema schema, UnknownIndicatorPolicy unknownPolicy) {
    this.schema = schema;
    this.unknownPolicy = unknownPolicy;
    this.missingCodes =
        schema.missingCodes().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  /** Returns the schema this normaliser applies. */
  public ClinicalSchema schema() {
    return schema;
  }

  /** Normalises values given as name-to-text pairs without units. */
  public NormalisedRecord normaliseTexts(Map<String, String> textByName) {
    List<RawValue> raw = new ArrayList<>();
    textByName.forEach((name, text) -> raw.add(RawValue.of(name, text)));
    return normalise(raw);
  }

  /**
   * Normalises one record. The result contains one value per schema indicator, in schema order;
   * indicators absent from {@code raw} are MISSING.
   *
   * @throws ClinicalRecordException when the record's structure is invalid (see class javadoc)
   */
  public NormalisedRecord normalise(List<RawValue> raw) {
    Map<String, RawValue> byIndicator = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    for (RawValue value : raw) {
      if (value == null || value.name() == null || value.name().isBlank()) {
        throw new ClinicalRecordException(
            "name", value == null ? null : value.name(), "a non-blank indicator name of schema " + schema.name());
      }
      Indicator indicator = schema.find(value.name()).orElse(null);
      if (indicator == null) {
        if (unknownPolicy == UnknownIndicatorPolicy.IGNORE) {
          ignored.add(value.name());
          continue;
        }
        throw new ClinicalRecordException(
            value.name(), value.text(), "an indicator of schema " + schema.name() + ": one of " + schema.names());
      }
      RawValue previous = byIndicator.putIfAbsent(indicator.name(), value);
      if (previous != null) {
        throw new ClinicalRecordException(
            indicator.name(), value.text(), "one value per indicator, but it also has " + describe(previous));
      }
    }

    List<ClinicalValue> values = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Indicator indicator : schema.indicators()) {
      ClinicalValue value = normaliseValue(indicator, byIndicator.get(indicator.name()));
      values.add(value);
      if (value.flag() != ValueFlag.PRESENT) {
        missing.add(indicator.name());
      }
    }
    return new NormalisedRecord(values, missing, ignored);
  }

  /**
   * Normalises one value of a known indicator; {@code raw} may be null for an absent value.
   *
   * @throws ClinicalRecordException when the unit is not accepted by the indicator
   */
  public ClinicalValue normaliseValue(Indicator indicator, RawValue raw) {
    String text = raw == null || raw.text() == null ? "" : raw.text().strip();
    String givenUnit = raw == null || raw.unit() == null || raw.unit().isBlank() ? null : raw.unit().strip();
    if (missingCodes.contains(text.toLowerCase(Locale.ROOT)) || text.isEmpty()) {
      return flagged(indicator, givenUnit, ValueFlag.MISSING);
    }
    if (indicator.type() == IndicatorType.CONTINUOUS) {
      return continuous(indicator, text, givenUnit);
    }
    return coded(indicator, text, givenUnit);
  }

  private ClinicalValue continuous(Indicator indicator, String text, String givenUnit) {
    // The unit is checked before the number, so a wrong unit rejects the record even when the text is unparseable.
    double factor = 1.0;
    if (givenUnit != null) {
      factor = indicator.factorFor(givenUnit).orElseThrow(() -> unitNotAccepted(indicator, givenUnit));
    }
    if (!DECIMAL.matcher(text).matches()) {
      return flagged(indicator, givenUnit, ValueFlag.UNPARSEABLE);
    }
    BigDecimal number = new BigDecimal(text);
    ValueFlag codeFlag = codeFlag(indicator, number.doubleValue());
    if (codeFlag != null) {
      return flagged(indicator, givenUnit, codeFlag);
    }

    String sourceUnit = givenUnit;
    if (givenUnit == null && indicator.magnitudeRule() != null) {
      double raw = number.doubleValue();
      for (MagnitudeBand band : indicator.magnitudeRule().bands()) {
        if (band.matches(raw)) {
          sourceUnit = band.unit();
          factor = indicator.factorFor(band.unit()).orElseThrow();
          break;
        }
      }
    }
    // BigDecimal keeps decimal factors exact, so 250000 /uL becomes exactly 250 x 10^9/L.
    double canonical = number.multiply(BigDecimal.valueOf(factor)).doubleValue();
    String reportedUnit = factor == 1.0 && sameUnit(sourceUnit, indicator.unit()) ? null : sourceUnit;
    if (!indicator.range().contains(canonical)) {
      return flagged(indicator, reportedUnit, ValueFlag.IMPLAUSIBLE);
    }
    return new ClinicalValue(indicator.name(), canonical, indicator.unit(), reportedUnit, ValueFlag.PRESENT);
  }

  private ClinicalValue coded(Indicator indicator, String text, String givenUnit) {
    if (givenUnit != null && !sameUnit(givenUnit, indicator.unit())) {
      throw new ClinicalRecordException(
          indicator.name() + ".unit", givenUnit, "no unit, or '" + indicator.unit() + "', for a " + indicator.type()
              + " indicator");
    }
    Integer levelCode = indicator.levelCode(text).orElse(null);
    double code;
    if (levelCode != null) {
      code = levelCode;
    } else if (DECIMAL.matcher(text).matches()) {
      code = Double.parseDouble(text);
    } else {
      return flagged(indicator, null, ValueFlag.UNPARSEABLE);
    }
    ValueFlag codeFlag = codeFlag(indicator, code);
    if (codeFlag != null) {
      return flagged(indicator, null, codeFlag);
    }
    boolean integer = code == Math.rint(code);
    boolean listed = indicator.type() != IndicatorType.CATEGORICAL
        || indicator.levels().isEmpty()
        || indicator.levels().containsValue((int) code);
    if (!integer || !listed || !indicator.range().contains(code)) {
      return flagged(indicator, null, ValueFlag.IMPLAUSIBLE);
    }
    return new ClinicalValue(indicator.name(), code, indicator.unit(), null, ValueFlag.PRESENT);
  }

  /** Returns the flag of a value that is a missing-value code, or null for an ordinary value. */
  private static ValueFlag codeFlag(Indicator indicator, double raw) {
    if (raw == -1 && indicator.range().min() > -1) {
      return ValueFlag.MISSING;
    }
    if (raw == 0 && indicator.zeroImpossible()) {
      return ValueFlag.IMPLAUSIBLE;
    }
    return null;
  }

  private static ClinicalValue flagged(Indicator indicator, String sourceUnit, ValueFlag flag) {
    return new ClinicalValue(indicator.name(), null, indicator.unit(), sourceUnit, flag);
  }

  private static boolean sameUnit(String a, String b) {
    return Indicator.normaliseUnit(a).equals(Indicator.normaliseUnit(b)) || a == null;
  }

  private static ClinicalRecordException unitNotAccepted(Indicator indicator, String unit) {
    return new ClinicalRecordException(indicator.name() + ".unit", unit, "one of " + indicator.acceptedUnits());
  }

  private static String describe(RawValue value) {
    return "'" + value.text() + "'" + (value.unit() == null ? "" : " " + value.unit());
  }
}
