package org.pd1response.ingest.rest;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.pd1response.ingest.cases.RawInputDeadLetters;
import org.pd1response.runtime.RejectedEventException;

/**
 * The body of a rejected REST request, with the same code and reason as its dead letter.
 *
 * @param errorCode stable machine-readable reason, such as {@code MASK_SIZE_MISMATCH}
 */
public record ErrorResponse(String errorCode, String reason) {

  /** HTTP status of a rejection: 400 for a malformed request, 422 for content that cannot be used, 503 for a PACS outage. */
  static int status(String code) {
    return switch (code) {
      case "INVALID_JSON", "INVALID_SUBMISSION", "INVALID_EMR_MESSAGE", "INVALID_NOTIFICATION" -> 400;
      case "PACS_UNREACHABLE" -> 503;
      default -> 422;
    };
  }

  /** Sends the dead letter for a rejected REST input and builds the response. */
  static Response reject(RawInputDeadLetters deadLetters, String path, String caseId, byte[] original,
      RejectedEventException e) {
    deadLetters.send("rest:" + path, -1, -1L, caseId, original, Map.of(), e.code(), e.getMessage());
    return Response.status(status(e.code())).entity(new ErrorResponse(e.code(), e.getMessage())).build();
  }
}
