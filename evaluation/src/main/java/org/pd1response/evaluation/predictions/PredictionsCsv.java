package org.pd1response.evaluation.predictions;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the predictions file that batch scoring, the collector and the evaluation
 * command share. Columns, in this order:
 *
 * <ul>
 *   <li>{@code case_id}: pseudonymous case id;
 *   <li>{@code cohort}: cohort name, such as {@code internal} or {@code external};
 *   <li>{@code label}: 1 responder, 0 non-responder, empty when unknown;
 *   <li>{@code subgroup:<name>}: zero or more subgroup columns, such as {@code subgroup:regimen};
 *   <li>{@code prob:<model>@<threshold>}: one or more probability columns, such as
 *       {@code prob:ensemble@0.5}; empty when that model did not score the case.
 * </ul>
 *
 * <p>The threshold sits in the header so that a predictions file carries everything the
 * evaluation needs.
 */
public final class PredictionsCsv {

  public static final String CASE_ID = "case_id";
  public static final String COHORT = "cohort";
  public static final String LABEL = "label";
  public static final String SUBGROUP_PREFIX = "subgroup:";
  public static final String PROBABILITY_PREFIX = "prob:";

  private PredictionsCsv() {}

  /**
   * Reads and validates a predictions file.
   *
   * @throws IllegalArgumentException naming the line, column, expected value and value found
   */
  public static PredictionTable read(Path file) throws IOException {
    return fromCsv(CsvTable.read(file));
  }

  /** Validates a parsed table as a predictions file; see {@link #read(Path)}. */
  public static PredictionTable fromCsv(CsvTable csv) {
    List<String> header = csv.header();
    String source = csv.source();
    if (header.size() < 4 || !header.get(0).equals(CASE_ID) || !header.get(1).equals(COHORT) || !header.get(2).equals(LABEL)) {
      throw new IllegalArgumentException(source + ": header must start with case_id,cohort,label, found " + header);
    }
    List<String> subgroups = new ArrayList<>();
    List<ModelColumn> models = new ArrayList<>();
    for (String column : header.subList(3, header.size())) {
      if (column.startsWith(SUBGROUP_PREFIX)) {
        if (!models.isEmpty()) {
          throw new IllegalArgumentException(source + ": subgroup columns must come before probability columns, found "
              + column + " after " + PROBABILITY_PREFIX + models.get(0).name());
        }
        String name = column.substring(SUBGROUP_PREFIX.length());
        if (name.isBlank() || subgroups.contains(name)) {
          throw new IllegalArgumentException(source + ": subgroup column names must be unique and non-empty, found '" + column + "'");
        }
        subgroups.add(name);
      } else if (column.startsWith(PROBABILITY_PREFIX)) {
        ModelColumn model = parseModelColumn(source, column);
        if (models.stream().anyMatch(known -> known.name().equals(model.name()))) {
          throw new IllegalArgumentException(source + ": model " + model.name() + " appears in two probability columns");
        }
        models.add(model);
      } else {
        throw new IllegalArgumentException(source + ": column '" + column + "' must be subgroup:<name> or prob:<model>@<threshold>");
      }
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException(source + ": at least one prob:<model>@<threshold> column is required, found " + header);
    }

    List<PredictionRow> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < csv.rows().size(); i++) {
      List<String> fields = csv.rows().get(i);
      String where = source + " line " + (i + 2);
      String caseId = fields.get(0).strip();
      String cohort = fields.get(1).strip();
      if (caseId.isEmpty() || cohort.isEmpty()) {
        throw new IllegalArgumentException(where + ": case_id and cohort must not be empty, found '" + caseId + "', '" + cohort + "'");
      }
      if (!seen.add(cohort + "\u0000" + caseId)) {
        throw new IllegalArgumentException(where + ": case " + caseId + " appears twice in cohort " + cohort);
      }
      Integer label = parseLabel(where, fields.get(2).strip());
      Map<String, String> levels = new LinkedHashMap<>();
      for (int s = 0; s < subgroups.size(); s++) {
        levels.put(subgroups.get(s), fields.get(3 + s).strip());
      }
      Map<String, Double> probabilities = new LinkedHashMap<>();
      for (int m = 0; m < models.size(); m++) {
        String text = fields.get(3 + subgroups.size() + m).strip();
        if (!text.isEmpty()) {
          probabilities.put(models.get(m).name(), parseProbability(where, models.get(m).name(), text));
        }
      }
      rows.add(new PredictionRow(caseId, cohort, label, levels, probabilities));
    }
    return new PredictionTable(models, subgroups, rows);
  }

  /** Writes a predictions file; probabilities are written with full double precision. */
  public static void write(Path file, PredictionTable table) throws IOException {
    List<String> header = new ArrayList<>(List.of(CASE_ID, COHORT, LABEL));
    table.subgroupNames().forEach(name -> header.add(SUBGROUP_PREFIX + name));
    table.models().forEach(model -> header.add(PROBABILITY_PREFIX + model.name() + "@" + formatNumber(model.threshold())));
    List<List<String>> rows = new ArrayList<>();
    for (PredictionRow row : table.rows()) {
      List<String> fields = new ArrayList<>(List.of(row.caseId(), row.cohort(), row.label() == null ? "" : row.label().toString()));
      table.subgroupNames().forEach(name -> fields.add(row.subgroups().getOrDefault(name, "")));
      for (ModelColumn model : table.models()) {
        Double probability = row.probabilities().get(model.name());
        fields.add(probability == null ? "" : formatNumber(probability));
      }
      rows.add(fields);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CsvTable.write(out, header, rows);
    }
  }

  /** Shortest text that reads back as the same double, without exponent for ordinary values. */
  static String formatNumber(double value) {
    String text = Double.toString(value);
    if (text.contains("E")) {
      text = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  private static ModelColumn parseModelColumn(String source, String column) {
    String spec = column.substring(PROBABILITY_PREFIX.length());
    int at = spec.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException(source + ": probability column must be prob:<model>@<threshold>, found '" + column + "'");
    }
    double threshold;
    try {
      threshold = Double.parseDouble(spec.substring(at + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": threshold in column '" + column + "' must be a number in [0, 1], found '"
          + spec.substring(at + 1) + "'", e);
    }
    try {
      return new ModelColumn(spec.substring(0, at), threshold);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": column '" + column + "': " + e.getMessage(), e);
    }
  }

  private static Integer parseLabel(String where, String text) {
    return switch (text) {
      case "" -> null;
      case "0" -> 0;
      case "1" -> 1;
      default -> throw new IllegalArgumentException(where + ": label must be 0, 1 or empty, found '" + text + "'");
    };
  }

  private static double parseProbability(String where, String model, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": probability of model " + model + " must be a number in [0, 1], found '" + text + "'", e);
    }
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(where + ": probability of model " + model + " must be in [0, 1], found "
          + String.format(Locale.ROOT, "%s", text));
    }
    return value;
  }
}
