package org.pd1response.ingest;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Patient names, ids and birth dates that the tests fed into the service, collected as they go,
 * for the final scan of events, logs, metrics and object keys.
 */
final class PatientIdentifiers {

  /** Shorter values are not scanned, because they occur by chance (such as a patient id "1"). */
  static final int MIN_LENGTH = 4;

  /**
   * Placeholder values that test files carry instead of a real name (one real file's PatientName is
   * {@code NONE}); they identify no one and also occur as ordinary words, such as the ROI source NONE.
   */
  private static final Set<String> PLACEHOLDERS = Set.of("NONE", "ANONYMOUS", "ANONYMIZED", "UNKNOWN");

  private static final Set<String> VALUES = Collections.synchronizedSet(new TreeSet<>());

  private PatientIdentifiers() {}

  /** Records a value and, for a person name, each of its components. */
  static void add(String value) {
    if (value == null) {
      return;
    }
    String stripped = value.strip();
    if (stripped.length() >= MIN_LENGTH && !PLACEHOLDERS.contains(stripped.toUpperCase(java.util.Locale.ROOT))) {
      VALUES.add(stripped);
    }
    if (stripped.contains("^")) {
      for (String part : stripped.split("\\^")) {
        add(part);
      }
    }
  }

  static Set<String> all() {
    synchronized (VALUES) {
      return Set.copyOf(VALUES);
    }
  }
}
