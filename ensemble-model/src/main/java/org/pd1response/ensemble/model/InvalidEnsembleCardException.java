package org.pd1response.ensemble.model;

/** The ensemble card or its parameters are invalid; the message names the field, the expected and the found value. */
public class InvalidEnsembleCardException extends RuntimeException {

  public InvalidEnsembleCardException(String message) {
    super(message);
  }

  public InvalidEnsembleCardException(String message, Throwable cause) {
    super(message, cause);
  }
}
