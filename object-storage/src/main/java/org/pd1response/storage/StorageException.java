package org.pd1response.storage;

/** An object-store operation failed after its retries, or found content it cannot accept. */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
