package org.pd1response.imaging.model;

/** The CUDA provider was requested, failed to start, and the configuration forbids falling back to the CPU. */
public class ProviderStartException extends RuntimeException {

  public ProviderStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
