package org.pd1response.ingest.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.ingest.cases.RawInputDeadLetters;
import org.pd1response.ingest.imaging.MaskDecoder.NamedBytes;
import org.pd1response.ingest.research.ClinicalCsv;
import org.pd1response.ingest.research.ResearchIngestor;
import org.pd1response.runtime.RejectedEventException;

/** Research submissions: one image with its masks and clinical record, or a cohort's clinical CSV. */
@Path("/research")
@Produces(MediaType.APPLICATION_JSON)
public class ResearchResource {

  /**
   * Outcome of one case.
   *
   * @param status {@code INGESTED} for a new revision, {@code UNCHANGED} for a repeated submission
   */
  public record CaseResponse(String caseId, int revision, String status) {}

  /**
   * Outcome of a CSV upload: counts and the rejected rows with their codes.
   *
   * @param flags number of values per flag (PRESENT, MISSING, IMPLAUSIBLE, UNPARSEABLE) in the ingested rows
   */
  public record CsvResponse(int rows, int ingested, int unchanged, int rejected, Map<String, Long> flags,
      List<ErrorResponse> rejections) {}

  private final ResearchIngestor ingestor;
  private final RawInputDeadLetters deadLetters;
  private final ObjectMapper json;

  public ResearchResource(ResearchIngestor ingestor, RawInputDeadLetters deadLetters, ObjectMapper json) {
    this.ingestor = ingestor;
    this.deadLetters = deadLetters;
    this.json = json;
  }

  /**
   * Submits one case. Form fields: {@code cohort}, {@code imageId}, optional {@code label} (0 or
   * 1), file {@code image}, zero or more files {@code mask}, optional {@code clinical} (a JSON
   * object of indicator name to value) and optional {@code schema}.
   */
  @POST
  @Path("/cases")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response submitCase(@RestForm String cohort, @RestForm String imageId, @RestForm String label,
      @RestForm("image") FileUpload image, @RestForm("mask") List<FileUpload> masks, @RestForm String clinical,
      @RestForm String schema) {
    byte[] imageBytes = image == null ? new byte[0] : read(image);
    String caseId = null;
    try {
      if (image == null) {
        throw new RejectedEventException("INVALID_SUBMISSION", "form field 'image' must carry an image file, found none");
      }
      caseId = ingestor.caseId(cohort, imageId);
      List<NamedBytes> maskFiles = new ArrayList<>();
      for (FileUpload mask : masks == null ? List.<FileUpload>of() : masks) {
        maskFiles.add(new NamedBytes(mask.fileName(), read(mask)));
      }
      ResearchIngestor.Result result = ingestor.ingestImage(new ResearchIngestor.Submission(cohort, imageId,
          parseLabel(label), new NamedBytes(image.fileName(), imageBytes), maskFiles, schema, clinical(clinical)));
      return Response.status(result.ingested() ? 201 : 200)
          .entity(new CaseResponse(result.caseId(), result.revision(), result.ingested() ? "INGESTED" : "UNCHANGED"))
          .build();
    } catch (RejectedEventException e) {
      return ErrorResponse.reject(deadLetters, "/research/cases", caseId, imageBytes, e);
    }
  }

  /**
   * Submits a cohort's clinical records as CSV with a header line. Each row becomes a case of the
   * cohort whose id is the {@code idColumn} value, or {@code row-<n>} (n from 1) without one.
   */
  @POST
  @Path("/clinical-records")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  public Response submitCsv(@QueryParam("cohort") String cohort, @QueryParam("schema") String schema,
      @QueryParam("idColumn") String idColumn, @QueryParam("labelColumn") String labelColumn, byte[] body) {
    List<Map<String, String>> rows;
    try {
      rows = ClinicalCsv.parse(new String(body, StandardCharsets.UTF_8));
    } catch (RejectedEventException e) {
      return ErrorResponse.reject(deadLetters, "/research/clinical-records", null, body, e);
    }
    int ingested = 0;
    int unchanged = 0;
    Map<String, Long> flags = new LinkedHashMap<>();
    List<ErrorResponse> rejections = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = new LinkedHashMap<>(rows.get(i));
      String recordId = idColumn == null ? "row-" + (i + 1) : row.remove(idColumn);
      String labelText = labelColumn == null ? null : row.remove(labelColumn);
      String caseId = null;
      try {
        caseId = ingestor.caseId(cohort, recordId);
        List<RawValue> values = row.entrySet().stream().map(e -> RawValue.of(e.getKey(), e.getValue())).toList();
        ResearchIngestor.Result result = ingestor.ingestClinical(cohort, recordId, parseLabel(labelText), schema, values);
        result.clinicalFlags().forEach((flag, count) -> flags.merge(flag.name(), count, Long::sum));
        if (result.ingested()) {
          ingested++;
        } else {
          unchanged++;
        }
      } catch (RejectedEventException e) {
        RejectedEventException withRow = new RejectedEventException(e.code(), "row " + (i + 1) + ": " + e.getMessage());
        ErrorResponse.reject(deadLetters, "/research/clinical-records", caseId,
            String.join(",", rows.get(i).values()).getBytes(StandardCharsets.UTF_8), withRow);
        rejections.add(new ErrorResponse(e.code(), withRow.getMessage()));
      }
    }
    return Response.ok(new CsvResponse(rows.size(), ingested, unchanged, rejections.size(), flags, rejections)).build();
  }

  private List<RawValue> clinical(String clinical) {
    if (clinical == null || clinical.isBlank()) {
      return List.of();
    }
    try {
      Map<String, String> values = json.readValue(clinical, new TypeReference<LinkedHashMap<String, String>>() {});
      return values.entrySet().stream().map(e -> RawValue.of(e.getKey(), e.getValue())).toList();
    } catch (IOException e) {
      throw new RejectedEventException("INVALID_SUBMISSION",
          "form field 'clinical' must be a JSON object of indicator name to value, found invalid JSON", e);
    }
  }

  private static Integer parseLabel(String label) {
    if (label == null || label.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(label.strip());
    } catch (NumberFormatException e) {
      throw new RejectedEventException("INVALID_SUBMISSION", "label must be 0, 1 or absent, found '" + label + "'");
    }
  }

  private static byte[] read(FileUpload upload) {
    try {
      return Files.readAllBytes(upload.uploadedFile());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the uploaded file failed", e);
    }
  }
}
