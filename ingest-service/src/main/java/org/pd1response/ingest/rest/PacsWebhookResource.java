package org.pd1response.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.ingest.cases.RawInputDeadLetters;
import org.pd1response.ingest.messaging.StudyNotificationPublisher;
import org.pd1response.ingest.pacs.PacsClients;
import org.pd1response.runtime.RejectedEventException;

/**
 * Webhook for a PACS that announces studies by HTTP, such as Orthanc's Lua {@code OnStableStudy}
 * with {@code HttpPost}. The body is {@code {"studyInstanceUid": "...", "pacsStudyId": "...",
 * "state": "STABLE"}} ({@code pacsStudyId} and {@code state} optional, state NEW or STABLE). The
 * resource puts the notification on the study-notification topic and returns 202.
 */
@Path("/pacs/{pacs}/notifications")
public class PacsWebhookResource {

  private final StudyNotificationPublisher publisher;
  private final PacsClients pacs;
  private final RawInputDeadLetters deadLetters;
  private final ObjectMapper json;
  private final Clock clock;

  public PacsWebhookResource(StudyNotificationPublisher publisher, PacsClients pacs, RawInputDeadLetters deadLetters,
      ObjectMapper json, Clock clock) {
    this.clock = clock;
    this.publisher = publisher;
    this.pacs = pacs;
    this.deadLetters = deadLetters;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response notify(@PathParam("pacs") String pacsName, byte[] body) {
    try {
      pacs.client(pacsName);
      JsonNode node;
      try {
        node = json.readTree(body);
      } catch (IOException e) {
        throw new RejectedEventException("INVALID_JSON", "webhook body must be a JSON object, found invalid JSON");
      }
      String studyUid = node == null ? null : node.path("studyInstanceUid").asText(null);
      if (studyUid == null || !studyUid.matches("[0-9]+(\\.[0-9]+)*") || studyUid.length() > 64) {
        throw new RejectedEventException("INVALID_NOTIFICATION",
            "studyInstanceUid must be a DICOM UID (digits and dots, at most 64 characters), found '" + studyUid + "'");
      }
      String stateText = node.path("state").asText("STABLE").toUpperCase(Locale.ROOT);
      StudyNotification.StudyState state;
      try {
        state = StudyNotification.StudyState.valueOf(stateText);
      } catch (IllegalArgumentException e) {
        throw new RejectedEventException("INVALID_NOTIFICATION", "state must be NEW or STABLE, found '" + stateText + "'");
      }
      String pacsStudyId = node.path("pacsStudyId").asText(null);
      StudyNotification notification = publisher.publish(pacsName, studyUid, pacsStudyId, state,
          "webhook|" + clock.instant());
      return Response.accepted(notification).build();
    } catch (RejectedEventException e) {
      return ErrorResponse.reject(deadLetters, "/pacs/" + pacsName.replaceAll("[^A-Za-z0-9._-]", "_") + "/notifications",
          null, body, e);
    }
  }
}
