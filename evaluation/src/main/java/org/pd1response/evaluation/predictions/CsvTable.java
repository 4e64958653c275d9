package org.pd1response.evaluation.predictions;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A comma-separated table as RFC 4180 defines it: a header line, quoted fields that may contain
 * commas, quotes (doubled) and line breaks, and every row as wide as the header.
 *
 * @param source file name or description used in error messages
 */
public record CsvTable(String source, List<String> header, List<List<String>> rows) {

  public CsvTable {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /**
   * Reads a UTF-8 file.
   *
   * @throws IllegalArgumentException when the file is empty, a quote is not closed or a row's
   *     width differs from the header's
   */
  public static CsvTable read(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses CSV text; see {@link #read(Path)} for the errors. */
  public static CsvTable parse(String source, String text) {
    List<List<String>> records = splitRecords(source, text.startsWith("\uFEFF") ? text.substring(1) : text);
    if (records.isEmpty()) {
      throw new IllegalArgumentException(source + ": a header line is required, found an empty file");
    }
    List<String> header = records.get(0);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> row = records.get(i);
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected " + header.size()
            + " fields as in the header, found " + row.size());
      }
      rows.add(row);
    }
    return new CsvTable(source, header, rows);
  }

  /** Index of a column by name, or -1 when the header lacks it. */
  public int indexOf(String column) {
    return header.indexOf(column);
  }

  /**
   * Index of a required column.
   *
   * @throws IllegalArgumentException naming the missing column and the columns found
   */
  public int require(String column) {
    int index = indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(source + ": column '" + column + "' is required, found columns " + header);
    }
    return index;
  }

  /** Maps each column name to its index. */
  public Map<String, Integer> columnIndex() {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.put(header.get(i), i);
    }
    return index;
  }

  /** Writes a header and rows with CRLF-free line ends, quoting only fields that need it. */
  public static void write(Writer out, List<String> header, List<List<String>> rows) throws IOException {
    writeLine(out, header);
    for (List<String> row : rows) {
      writeLine(out, row);
    }
  }

  private static void writeLine(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(fields.get(i)));
    }
    out.write('\n');
  }

  /** Quotes a field when it contains a comma, quote or line break. */
  public static String quote(String field) {
    if (field == null) {
      return "";
    }
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private static List<List<String>> splitRecords(String source, String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    int quoteLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
        fieldStarted = true;
        quoteLine = line;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        fieldStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        line++;
        if (fieldStarted || field.length() > 0 || !fields.isEmpty()) {
          fields.add(field.toString());
          records.add(fields);
        }
        fields = new ArrayList<>();
        field.setLength(0);
        fieldStarted = false;
      } else {
        field.append(c);
        fieldStarted = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(source + " line " + quoteLine + ": quoted field is not closed");
    }
    if (fieldStarted || field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
