package org.pd1response.storage;

/** No object exists under the requested key. */
public class ObjectNotFoundException extends StorageException {

  public ObjectNotFoundException(String message) {
    super(message);
  }
}
