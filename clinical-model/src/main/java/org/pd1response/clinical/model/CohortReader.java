package org.pd1response.clinical.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.NormalisedRecord;

/**
 * Reads a cohort CSV: a header line of indicator names (or aliases) plus one outcome column, then
 * one row per patient. Cells go through the schema's normaliser, so units, plausibility rules and
 * missing codes apply exactly as in ingest. Quoted cells are not supported: the cohort files in
 * use have plain numeric cells.
 */
public final class CohortReader {

  private CohortReader() {}

  /**
   * Reads and normalises a cohort.
   *
   * @throws IllegalArgumentException when the outcome column is missing, a row has another number
   *     of cells than the header, or an outcome is not 0 or 1
   */
  public static Cohort readCsv(Path csv, ClinicalSchema schema, String outcomeColumn) throws IOException {
    byte[] bytes = Files.readAllBytes(csv);
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("cohort file " + csv + " is empty, expected a header line and rows");
    }
    String[] header = lines.get(0).split(",", -1);
    int outcome = -1;
    for (int i = 0; i < header.length; i++) {
      if (header[i].strip().equals(outcomeColumn)) {
        outcome = i;
      }
    }
    if (outcome < 0) {
      throw new IllegalArgumentException("cohort file " + csv + " has no outcome column '" + outcomeColumn
          + "'; header is " + String.join(",", header));
    }

    ClinicalNormaliser normaliser = new ClinicalNormaliser(schema);
    List<NormalisedRecord> records = new ArrayList<>();
    int[] labels = new int[lines.size() - 1];
    for (int row = 1; row < lines.size(); row++) {
      String[] cells = lines.get(row).split(",", -1);
      if (cells.length != header.length) {
        throw new IllegalArgumentException("cohort row " + row + " has " + cells.length + " cells, expected "
            + header.length + " as in the header");
      }
      Map<String, String> texts = new LinkedHashMap<>();
      for (int i = 0; i < cells.length; i++) {
        if (i != outcome) {
          texts.put(header[i].strip(), cells[i]);
        }
      }
      String label = cells[outcome].strip();
      if (!label.equals("0") && !label.equals("1")) {
        throw new IllegalArgumentException("cohort row " + row + " outcome '" + outcomeColumn + "' is '" + label
            + "', expected 0 or 1");
      }
      labels[row - 1] = Integer.parseInt(label);
      records.add(normaliser.normaliseTexts(texts));
    }
    return new Cohort(schema, records, labels, sha256(bytes));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
