package org.pd1response.contracts;

/**
 * An incoming record is not a valid event of the expected type. The message names the field, the
 * expected value and the value found; the code is the stable reason stored in dead letters.
 */
public class InvalidEventException extends RuntimeException {

  /** Stable reasons for rejecting a record. */
  public enum Code {
    MISSING_HEADER,
    UNKNOWN_TYPE,
    UNEXPECTED_TYPE,
    INVALID_JSON,
    UNSUPPORTED_SCHEMA_VERSION,
    SCHEMA_VIOLATION,
    KEY_MISMATCH
  }

  private final Code code;

  public InvalidEventException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public InvalidEventException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
