package org.pd1response.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.pd1response.contracts.EventJson;

/** Submits research cases to ingest-service's REST API, as a research team's script would. */
final class IngestClient {

  /** Ingest rejected a submission; the message carries its error code and reason. */
  static final class RejectedSubmissionException extends IOException {
    RejectedSubmissionException(String message) {
      super(message);
    }
  }

  /**
   * One research submission with everything the form of {@code POST /research/cases} accepts.
   *
   * @param label 0 or 1, or null when unknown
   * @param masks mask files, merged by OR in ingest; empty when the image has none
   * @param schema clinical schema of {@code clinical}, or null for ingest's default schema
   * @param clinicalJson JSON object of indicator name to value, or null for an image without a
   *     clinical record
   */
  record ResearchCase(String cohort, String imageId, Integer label, Path image, List<Path> masks, String schema,
      String clinicalJson) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  IngestClient(URI base) {
    this.base = base;
  }

  /**
   * Submits one image with its mask and clinical record.
   *
   * @return the case id that ingest assigned
   */
  String submitResearchCase(String cohort, String imageId, Path image, Path mask, List<String> clinicalNames,
      List<String> clinicalValues) throws IOException, InterruptedException {
    ObjectNode clinical = EventJson.mapper().createObjectNode();
    for (int i = 0; i < clinicalNames.size(); i++) {
      clinical.put(clinicalNames.get(i), clinicalValues.get(i));
    }
    return post(cohort, imageId, image, mask, EventJson.mapper().writeValueAsBytes(clinical));
  }

  /**
   * Submits one research case.
   *
   * @return the case id that ingest assigned
   */
  String submit(ResearchCase submission) throws IOException, InterruptedException {
    String boundary = "pipeline-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    field(body, boundary, "cohort", submission.cohort());
    field(body, boundary, "imageId", submission.imageId());
    if (submission.label() != null) {
      field(body, boundary, "label", submission.label().toString());
    }
    file(body, boundary, "image", submission.image().getFileName().toString(), "image/png",
        Files.readAllBytes(submission.image()));
    for (Path mask : submission.masks()) {
      file(body, boundary, "mask", mask.getFileName().toString(), "image/png", Files.readAllBytes(mask));
    }
    if (submission.schema() != null) {
      field(body, boundary, "schema", submission.schema());
    }
    if (submission.clinicalJson() != null) {
      field(body, boundary, "clinical", submission.clinicalJson());
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(base.resolve("/research/cases"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /**
   * Sends one EMR message (the JSON that ingest's {@code POST /clinical/records} takes), which
   * ingest links to a study by study UID, accession number or patient id.
   *
   * @return the case id of the study the record was linked to
   */
  String submitEmrRecord(JsonNode message) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve("/clinical/records"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper().writeValueAsBytes(message))));
  }

  /** Submits a case folder: {@code image.png} or {@code image.jpg}, optional {@code mask.png} and {@code clinical.json}. */
  String submitCaseFolder(Path folder) throws IOException, InterruptedException {
    Path image = Files.exists(folder.resolve("image.png")) ? folder.resolve("image.png") : folder.resolve("image.jpg");
    Path mask = folder.resolve("mask.png");
    Path clinical = folder.resolve("clinical.json");
    return post("cli", folder.getFileName().toString(), image, Files.exists(mask) ? mask : null,
        Files.exists(clinical) ? Files.readAllBytes(clinical) : null);
  }

  private String post(String cohort, String imageId, Path image, Path mask, byte[] clinicalJson)
      throws IOException, InterruptedException {
    return submit(new ResearchCase(cohort, imageId, null, image, mask == null ? List.of() : List.of(mask), null,
        clinicalJson == null ? null : new String(clinicalJson, StandardCharsets.UTF_8)));
  }

  /** Sends a request and returns the {@code caseId} of its JSON response; a status outside 2xx raises the rejection. */
  private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      JsonNode error = parseOrNull(response.body());
      String reason = error == null ? response.body()
          : error.path("errorCode").asText() + ": " + error.path("reason").asText();
      throw new RejectedSubmissionException("HTTP " + response.statusCode() + " " + reason);
    }
    JsonNode answer = EventJson.mapper().readTree(response.body());
    return answer.path("caseId").asText();
  }

  private static JsonNode parseOrNull(String body) {
    try {
      return EventJson.mapper().readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static void field(ByteArrayOutputStream body, String boundary, String name, String value) throws IOException {
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static void file(ByteArrayOutputStream body, String boundary, String name, String fileName, String type,
      byte[] content) throws IOException {
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(content);
    body.write("\r\n".getBytes(StandardCharsets.UTF_8));
  }
}
