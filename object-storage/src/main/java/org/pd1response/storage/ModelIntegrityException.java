package org.pd1response.storage;

/** A model's file, card or recorded SHA-256 disagree; the model must not be loaded. */
public class ModelIntegrityException extends StorageException {

  public ModelIntegrityException(String message) {
    super(message);
  }
}
