package org.pd1response.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.ingest.cases.RawInputDeadLetters;
import org.pd1response.ingest.clinical.EmrRecordIngestor;
import org.pd1response.runtime.RejectedEventException;

/** Clinical records over REST, in the EMR message format of the EMR topic. */
@Path("/clinical/records")
public class ClinicalResource {

  /** The case the record was linked to and its revision. */
  public record RecordResponse(String caseId, int revision, int values, int missing) {}

  private final EmrRecordIngestor ingestor;
  private final RawInputDeadLetters deadLetters;

  public ClinicalResource(EmrRecordIngestor ingestor, RawInputDeadLetters deadLetters) {
    this.ingestor = ingestor;
    this.deadLetters = deadLetters;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response submit(byte[] body) {
    try {
      ClinicalRecordIngested record = ingestor.ingest(body);
      return Response.accepted(new RecordResponse(record.caseId(), record.revision(), record.values().size(),
          record.missing().size())).build();
    } catch (RejectedEventException e) {
      return ErrorResponse.reject(deadLetters, "/clinical/records", null, body, e);
    }
  }
}
