package org.pd1response.clinical.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A set of clinical indicators read from a JSON document (see this module's README for the
 * format). The constructor validates the document, so every schema in use is consistent: unique
 * names and aliases, a range with min not above max, positive finite conversion factors, level
 * codes inside the range, and magnitude bands that name an accepted unit.
 *
 * @param schemaVersion version of the schema format, currently 1
 * @param name schema name, such as {@code uci-hcc}
 * @param version version of this schema's content
 * @param missingCodes texts read as missing for every indicator, matched ignoring case and blanks
 */
public record ClinicalSchema(
    int schemaVersion,
    String name,
    String version,
    String description,
    List<String> missingCodes,
    List<Indicator> indicators) {

  /** The schema format version this code reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public ClinicalSchema {
    missingCodes = missingCodes == null ? List.of() : List.copyOf(missingCodes);
    indicators = indicators == null ? List.of() : List.copyOf(indicators);
    validate(schemaVersion, name, indicators);
  }

  /** Reads and validates a schema document. */
  public static ClinicalSchema read(InputStream json) {
    try {
      return MAPPER.readValue(json, ClinicalSchema.class);
    } catch (IOException e) {
      if (e.getCause() instanceof ClinicalRecordException invalid) {
        throw invalid;
      }
      throw new UncheckedIOException("cannot read clinical schema: " + e.getMessage(), e);
    }
  }

  /** Reads and validates a schema from a class-path resource, such as {@code /clinical-schemas/uci-hcc.json}. */
  public static ClinicalSchema fromResource(String resource) {
    try (InputStream in = ClinicalSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("clinical schema resource " + resource + " is not on the class path");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read clinical schema " + resource, e);
    }
  }

  /** Writes the schema as JSON, the same format {@link #read} accepts. */
  public byte[] toJson() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write clinical schema " + name, e);
    }
  }

  /** Finds an indicator by its name or one of its aliases, matched ignoring case and blanks. */
  public Optional<Indicator> find(String nameOrAlias) {
    if (nameOrAlias == null) {
      return Optional.empty();
    }
    String target = key(nameOrAlias);
    return indicators.stream()
        .filter(i -> key(i.name()).equals(target) || i.aliases().stream().anyMatch(a -> key(a).equals(target)))
        .findFirst();
  }

  /** Returns the canonical indicator names in schema order. */
  public List<String> names() {
    return indicators.stream().map(Indicator::name).toList();
  }

  static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static void validate(int schemaVersion, String name, List<Indicator> indicators) {
    if (schemaVersion != FORMAT_VERSION) {
      throw new ClinicalRecordException("schemaVersion", Integer.toString(schemaVersion), "" + FORMAT_VERSION);
    }
    if (name == null || name.isBlank()) {
      throw new ClinicalRecordException("name", name, "a non-blank schema name");
    }
    if (indicators.isEmpty()) {
      throw new ClinicalRecordException("indicators", "[]", "at least one indicator");
    }
    Map<String, String> owners = new HashMap<>();
    for (Indicator indicator : indicators) {
      validateIndicator(indicator);
      for (String label : concat(indicator.name(), indicator.aliases())) {
        String previous = owners.putIfAbsent(key(label), indicator.name());
        if (previous != null) {
          throw new ClinicalRecordException(
              "indicators[" + indicator.name() + "].name", label, "a name or alias not already used by " + previous);
        }
      }
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }

  private static void validateIndicator(Indicator indicator) {
    String field = "indicators[" + indicator.name() + "]";
    if (indicator.name() == null || indicator.name().isBlank()) {
      throw new ClinicalRecordException("indicators[].name", indicator.name(), "a non-blank indicator name");
    }
    if (indicator.type() == null) {
      throw new ClinicalRecordException(field + ".type", null, "one of CONTINUOUS, BINARY, ORDINAL, CATEGORICAL");
    }
    if (indicator.unit() == null || indicator.unit().isBlank()) {
      throw new ClinicalRecordException(field + ".unit", indicator.unit(), "the canonical unit of a continuous indicator");
    }
    PlausibleRange range = indicator.range();
    if (range == null || !(range.min() <= range.max())) {
      throw new ClinicalRecordException(field + ".range", String.valueOf(range), "a range with min <= max");
    }
    for (UnitConversion conversion : indicator.alternativeUnits()) {
      if (conversion.unit() == null || conversion.unit().isBlank()
          || !(conversion.factor() > 0) || !Double.isFinite(conversion.factor())) {
        throw new ClinicalRecordException(
            field + ".alternativeUnits", String.valueOf(conversion), "a non-blank unit with a positive finite factor");
      }
    }
    for (Map.Entry<String, Integer> level : indicator.levels().entrySet()) {
      if (level.getValue() == null || !range.contains(level.getValue())) {
        throw new ClinicalRecordException(
            field + ".levels." + level.getKey(), String.valueOf(level.getValue()), "a code inside " + range);
      }
    }
    if (indicator.type() == IndicatorType.BINARY && (range.min() != 0 || range.max() != 1)) {
      throw new ClinicalRecordException(field + ".range", String.valueOf(range), "min 0 and max 1 for a binary indicator");
    }
    if (indicator.magnitudeRule() != null) {
      for (MagnitudeBand band : indicator.magnitudeRule().bands()) {
        if (indicator.factorFor(band.unit()).isEmpty()) {
          throw new ClinicalRecordException(
              field + ".magnitudeRule.bands.unit", band.unit(), "one of " + indicator.acceptedUnits());
        }
      }
    }
  }
}
