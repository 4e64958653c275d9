package org.pd1response.clinical.schema;

/**
 * A clinical record, or a schema, whose structure is invalid: an unknown indicator, a unit that
 * is not accepted, a duplicate field. The message names the field, the value found and the
 * expected form; callers reject the whole record with it.
 */
public class ClinicalRecordException extends RuntimeException {

  private final String field;
  private final String value;
  private final String expected;

  public ClinicalRecordException(String field, String value, String expected) {
    super("invalid clinical field '" + field + "': found " + quote(value) + ", expected " + expected);
    this.field = field;
    this.value = value;
    this.expected = expected;
  }

  private static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  /** Returns the name of the invalid field or indicator. */
  public String field() {
    return field;
  }

  /** Returns the value found, as text, or null when the value was absent. */
  public String value() {
    return value;
  }

  /** Returns the accepted form, in words. */
  public String expected() {
    return expected;
  }
}
