package org.pd1response.preprocessing.cohort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes RFC 4180 CSV: a header line, then rows; fields with commas, quotes or line breaks are quoted. */
final class CsvWriter {

  private CsvWriter() {}

  static void write(Path file, List<String> header, List<String[]> rows) throws IOException {
    StringBuilder text = new StringBuilder();
    appendLine(text, header.toArray(String[]::new));
    for (String[] row : rows) {
      appendLine(text, row);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void appendLine(StringBuilder text, String[] fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      String field = fields[i] == null ? "" : fields[i];
      if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
        text.append('"').append(field.replace("\"", "\"\"")).append('"');
      } else {
        text.append(field);
      }
    }
    text.append('\n');
  }
}
