package org.pd1response.ensemble.fitting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One validation case scored by both models, with its true label (1 = responder).
 *
 * <p>CSV form, one row per case: {@code case_id,label,imaging_probability,clinical_probability}.
 */
public record PairedPrediction(String caseId, int label, double imagingProbability, double clinicalProbability) {

  public static final String CSV_HEADER = "case_id,label,imaging_probability,clinical_probability";

  public PairedPrediction {
    if (caseId == null || caseId.isBlank()) {
      throw new IllegalArgumentException("case_id must not be blank, found '" + caseId + "'");
    }
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label of case " + caseId + " must be 0 or 1, found " + label);
    }
    checkProbability(caseId, "imaging_probability", imagingProbability);
    checkProbability(caseId, "clinical_probability", clinicalProbability);
  }

  /**
   * Reads paired predictions from a CSV file with {@link #CSV_HEADER}.
   *
   * @throws IllegalArgumentException naming the line when the header or a row is invalid
   */
  public static List<PairedPrediction> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).strip().equals(CSV_HEADER)) {
      throw new IllegalArgumentException(file + ": header must be '" + CSV_HEADER + "', found '"
          + (lines.isEmpty() ? "" : lines.get(0)) + "'");
    }
    List<PairedPrediction> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 4) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 4 fields, found " + fields.length);
      }
      try {
        rows.add(new PairedPrediction(fields[0], Integer.parseInt(fields[1]), Double.parseDouble(fields[2]),
            Double.parseDouble(fields[3])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  /** Writes paired predictions as CSV with {@link #CSV_HEADER}. */
  public static void writeCsv(Path file, List<PairedPrediction> rows) throws IOException {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (PairedPrediction row : rows) {
      csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", row.caseId(), row.label(), row.imagingProbability(),
          row.clinicalProbability()));
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  private static void checkProbability(String caseId, String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(field + " of case " + caseId + " must be in [0, 1], found " + value);
    }
  }
}
