package org.pd1response.imaging.heatmap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.pd1response.imaging.model.InvalidTensorException;
import org.pd1response.storage.ObjectNotFoundException;

/**
 * Serves the overlay PNG of a scored case, rendering it on the first request. The path carries
 * what every imaging score event carries: case id, revision, model name and version. Dashboards
 * can use it in either rendering mode; with {@code background} rendering the overlay is usually
 * stored already and is only read.
 */
@Path("/heat-maps/{caseId}/r{revision}/{modelName}/{modelVersion}/overlay.png")
public class OverlayResource {

  private static final Logger LOG = Logger.getLogger(OverlayResource.class);

  private final HeatMapStore heatMaps;

  public OverlayResource(HeatMapStore heatMaps) {
    this.heatMaps = heatMaps;
  }

  @GET
  @Produces({"image/png", MediaType.TEXT_PLAIN})
  public Response overlay(@PathParam("caseId") String caseId, @PathParam("revision") String revision,
      @PathParam("modelName") String modelName, @PathParam("modelVersion") String modelVersion) {
    int parsedRevision;
    try {
      parsedRevision = Integer.parseInt(revision);
    } catch (NumberFormatException e) {
      // The path parts are not logged: an unvalidated id may be a patient identifier sent by mistake.
      LOG.warn("Overlay request rejected with 400: invalid revision");
      return text(Response.Status.BAD_REQUEST, "revision must be a positive integer after 'r', found '" + revision + "'");
    }
    try {
      byte[] png = heatMaps.overlay(caseId, parsedRevision, modelName, modelVersion);
      return Response.ok(png, "image/png").build();
    } catch (IllegalArgumentException e) {
      // The message starts with the part's name (caseId, revision, modelName, modelVersion), not its value.
      LOG.warnf("Overlay request rejected with 400: invalid %s", e.getMessage().split(" ", 2)[0]);
      return text(Response.Status.BAD_REQUEST, e.getMessage());
    } catch (ObjectNotFoundException e) {
      LOG.infof("Overlay request not served: %s", e.getMessage());
      return text(Response.Status.NOT_FOUND, e.getMessage());
    } catch (InvalidTensorException e) {
      LOG.errorf("Rendering the overlay of case %s revision %d failed: %s", caseId, parsedRevision, e.getMessage());
      return text(Response.Status.INTERNAL_SERVER_ERROR, "stored heat map or tensor is unusable: " + e.getMessage());
    }
  }

  private static Response text(Response.Status status, String message) {
    return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message).build();
  }
}
