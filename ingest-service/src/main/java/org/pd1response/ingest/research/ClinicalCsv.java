package org.pd1response.ingest.research;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.runtime.RejectedEventException;

/**
 * Reads a clinical CSV: a header line of column names, then one record per line, comma-separated.
 *
 * <p>NOTE: quoted fields (RFC 4180) are not supported; a field with a comma inside quotes is
 * rejected as a row with the wrong number of fields.
 */
public final class ClinicalCsv {

  private ClinicalCsv() {}

  /**
   * Parses the text into rows of column name to cell text.
   *
   * @throws RejectedEventException {@code INVALID_SUBMISSION} when the header is missing or a row
   *     has another number of fields than the header
   */
  public static List<Map<String, String>> parse(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n");
    if (lines.length == 0 || lines[0].isBlank()) {
      throw new RejectedEventException("INVALID_SUBMISSION", "CSV must start with a header line, found an empty body");
    }
    String[] header = lines[0].split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = lines[i].split(",", -1);
      if (cells.length != header.length) {
        throw new RejectedEventException("INVALID_SUBMISSION", "CSV line " + (i + 1) + " must have " + header.length
            + " fields like the header, found " + cells.length);
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c].strip(), cells[c].strip());
      }
      rows.add(row);
    }
    return rows;
  }
}
