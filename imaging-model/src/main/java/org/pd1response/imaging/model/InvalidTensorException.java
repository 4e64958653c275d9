package org.pd1response.imaging.model;

/** A tensor file that is not a float32 {@code .npy} array of the expected shape. */
public class InvalidTensorException extends Exception {

  private final boolean wrongShape;

  private InvalidTensorException(String message, boolean wrongShape) {
    super(message);
    this.wrongShape = wrongShape;
  }

  static InvalidTensorException corrupted(String message) {
    return new InvalidTensorException(message, false);
  }

  static InvalidTensorException wrongShape(String message) {
    return new InvalidTensorException(message, true);
  }

  /** Returns true for a readable array of another shape, false for unreadable bytes. */
  public boolean wrongShape() {
    return wrongShape;
  }
}
