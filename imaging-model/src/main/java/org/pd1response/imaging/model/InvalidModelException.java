package org.pd1response.imaging.model;

/** A model that must not serve: its card is incomplete, or the ONNX graph disagrees with the card. */
public class InvalidModelException extends RuntimeException {

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
