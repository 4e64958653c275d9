package org.pd1response.runtime;

/**
 * A valid event that the stage cannot process, such as an image too small to score or a record
 * the model cannot use. The event goes to the stage's dead-letter topic with this code and reason;
 * the consumer goes on with the next record.
 */
public class RejectedEventException extends RuntimeException {

  private final String code;

  /**
   * @param code stable machine-readable reason in upper snake case, such as {@code MASK_SIZE_MISMATCH}
   * @param reason what was expected and what was found, naming the field and the value
   */
  public RejectedEventException(String code, String reason) {
    super(reason);
    this.code = code;
  }

  public RejectedEventException(String code, String reason, Throwable cause) {
    super(reason, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
