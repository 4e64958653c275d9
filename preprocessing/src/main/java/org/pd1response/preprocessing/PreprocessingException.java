package org.pd1response.preprocessing;

/**
 * An image or mask that the preprocessing rejects. The message names what was expected and what
 * was found; the code is stable and goes into dead letters and cohort reports.
 */
public class PreprocessingException extends RuntimeException {

  /** Stable reasons for rejecting an input. */
  public enum Code {
    UNREADABLE_IMAGE,
    UNREADABLE_MASK,
    UNSUPPORTED_IMAGE_FORMAT,
    IMAGE_TOO_SMALL,
    IMAGE_TOO_LARGE,
    MASK_SIZE_MISMATCH,
    EMPTY_MASK
  }

  private final Code code;

  public PreprocessingException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
