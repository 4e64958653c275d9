package org.pd1response.evaluation.scoring;

/**
 * A cases file, a model folder or an option that the score command cannot use at all, so no case
 * is scored. The message names the file or field, the expected value and the value found.
 */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
