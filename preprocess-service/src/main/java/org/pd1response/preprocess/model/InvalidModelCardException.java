package org.pd1response.preprocess.model;

/** The current imaging model's card has no usable preprocessing section. */
public class InvalidModelCardException extends RuntimeException {

  public InvalidModelCardException(String message) {
    super(message);
  }
}
