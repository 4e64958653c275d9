package org.pd1response.ingest.pacs;

/**
 * A PACS request that failed, with the dead-letter code that names why.
 *
 * @see PacsErrorCode
 */
public class PacsException extends RuntimeException {

  private final PacsErrorCode code;
  private final int status;

  public PacsException(PacsErrorCode code, int status, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.status = status;
  }

  public PacsErrorCode code() {
    return code;
  }

  /** HTTP status of the PACS response; 0 when none arrived. */
  public int status() {
    return status;
  }

  /** Why a PACS request failed. */
  public enum PacsErrorCode {
    /** No answer within the timeout after every attempt, or the connection was refused. */
    PACS_UNREACHABLE,
    /** The PACS does not hold the requested study or instance. */
    PACS_NOT_FOUND,
    /** The PACS returned an error status that a retry does not fix. */
    PACS_ERROR
  }
}
