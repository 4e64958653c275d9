package org.pd1response.preprocessing.cohort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a generic cohort listing: a UTF-8 CSV file with the header {@code image,mask,label}.
 * {@code image} and {@code mask} are paths relative to the input root; {@code mask} may name
 * several files separated by {@code ;} or be empty; {@code label} is 0, 1 or empty. Fields that
 * contain commas or quotes are quoted as in RFC 4180.
 */
public final class CsvListing {

  static final List<String> HEADER = List.of("image", "mask", "label");

  private CsvListing() {}

  /**
   * Reads the listing.
   *
   * @throws IllegalArgumentException naming the line when the header, a field or a file is invalid
   */
  public static List<CohortImage> read(Path listing, Path root) throws IOException {
    List<String> lines = Files.readAllLines(listing, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !parseLine(lines.get(0).replace("\uFEFF", "")).equals(HEADER)) {
      throw new IllegalArgumentException("cohort listing " + listing + " must start with the header "
          + String.join(",", HEADER) + ", found '" + (lines.isEmpty() ? "" : lines.get(0)) + "'");
    }
    List<CohortImage> images = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      List<String> fields = parseLine(line);
      String where = listing.getFileName() + " line " + (i + 1);
      if (fields.size() != HEADER.size()) {
        throw new IllegalArgumentException(where + " must have " + HEADER.size() + " fields (image,mask,label), found "
            + fields.size());
      }
      Path image = existing(root, fields.get(0), where, "image");
      List<Path> masks = new ArrayList<>();
      for (String mask : fields.get(1).split(";")) {
        if (!mask.isBlank()) {
          masks.add(existing(root, mask.strip(), where, "mask"));
        }
      }
      images.add(CohortImage.of(root, image, masks, label(fields.get(2), where)));
    }
    return images;
  }

  private static Integer label(String text, String where) {
    return switch (text.strip()) {
      case "" -> null;
      case "0" -> 0;
      case "1" -> 1;
      default -> throw new IllegalArgumentException(where + ": label must be 0, 1 or empty, found '" + text + "'");
    };
  }

  private static Path existing(Path root, String relative, String where, String field) {
    if (relative.isBlank()) {
      throw new IllegalArgumentException(where + ": " + field + " must name a file, found an empty field");
    }
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(where + ": " + field + " must be a file inside " + root + ", found '"
          + relative + "'");
    }
    return file;
  }

  /** Splits one CSV line, honouring double-quoted fields with doubled quotes inside. */
  public static List<String> parseLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.size() == 1 && fields.get(0).isEmpty() ? List.of() : Arrays.asList(fields.toArray(String[]::new));
  }
}
