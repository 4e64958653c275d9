package org.pd1response.ingest.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.logging.Logger;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.ingest.pacs.PacsException.PacsErrorCode;

/**
 * The DICOMweb calls ingest makes to one PACS: WADO-RS study metadata, original instances, bulk
 * data and rendered frames. Every request has a timeout. Connection failures, time-outs and
 * 502, 503 and 504 responses are retried with exponential backoff up to the configured attempts.
 * Other error statuses (a frame the PACS cannot render answers 400 or 500) are not retried.
 */
public class DicomWebClient {

  private static final Logger LOG = Logger.getLogger(DicomWebClient.class);
  private static final String DICOM_JSON = "application/dicom+json";
  /** Asks for the instance as stored: {@code transfer-syntax=*} forbids transcoding. */
  private static final String ORIGINAL_INSTANCE = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
  private static final String OCTET_STREAM = "multipart/related; type=\"application/octet-stream\"";

  private final String pacsName;
  private final String root;
  private final IngestConfig.Pacs settings;
  private final HttpClient http;
  private final ObjectMapper json;

  public DicomWebClient(String pacsName, IngestConfig.Pacs settings, ObjectMapper json) {
    this.pacsName = pacsName;
    this.root = settings.dicomwebUrl().replaceAll("/+$", "");
    this.settings = settings;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
  }

  public String pacsName() {
    return pacsName;
  }

  /** WADO-RS metadata of every instance of a study, as DICOM JSON objects. */
  public List<JsonNode> studyMetadata(String studyUid) {
    byte[] body = get(root + "/studies/" + studyUid + "/metadata", DICOM_JSON).body();
    try {
      JsonNode array = json.readTree(body);
      if (!array.isArray()) {
        throw new PacsException(PacsErrorCode.PACS_ERROR, 200,
            "metadata of study must be a JSON array, found " + array.getNodeType(), null);
      }
      return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
    } catch (IOException e) {
      throw new PacsException(PacsErrorCode.PACS_ERROR, 200, "metadata of study is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Fetches the instance as stored in the PACS (Part 10 bytes). */
  public byte[] instance(String studyUid, String seriesUid, String sopUid) {
    HttpResponse<byte[]> response = get(instancePath(studyUid, seriesUid, sopUid), ORIGINAL_INSTANCE);
    return Multipart.parts(contentType(response), response.body()).get(0);
  }

  /** Fetches the pixel data of an instance, unchanged, from its bulk data URI. */
  public byte[] bulkData(String bulkDataUri) {
    HttpResponse<byte[]> response = get(bulkDataUri, OCTET_STREAM);
    String type = contentType(response);
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
      return Multipart.parts(type, response.body()).get(0);
    }
    return response.body();
  }

  /** Fetches one frame rendered losslessly as PNG by the PACS; frame numbers start at 1. */
  public byte[] renderedFrame(String studyUid, String seriesUid, String sopUid, int frameNumber) {
    return get(instancePath(studyUid, seriesUid, sopUid) + "/frames/" + frameNumber + "/rendered", "image/png").body();
  }

  private String instancePath(String studyUid, String seriesUid, String sopUid) {
    return root + "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + sopUid;
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse(null);
  }

  private HttpResponse<byte[]> get(String url, String accept) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(settings.requestTimeout())
        .header("Accept", accept)
        .GET()
        .build();
    long backoffMillis = settings.retryBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      String failure;
      int status = 0;
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response;
        }
        if (status == 404) {
          throw new PacsException(PacsErrorCode.PACS_NOT_FOUND, status,
              "PACS " + pacsName + " has no object at " + relative(url) + " (HTTP 404)", null);
        }
        if (status != 502 && status != 503 && status != 504) {
          throw new PacsException(PacsErrorCode.PACS_ERROR, status,
              "PACS " + pacsName + " returned HTTP " + status + " for " + relative(url), null);
        }
        failure = "HTTP " + status;
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PacsException(PacsErrorCode.PACS_UNREACHABLE, 0, "interrupted while calling PACS " + pacsName, e);
      }
      if (attempt >= settings.maxAttempts()) {
        throw new PacsException(PacsErrorCode.PACS_UNREACHABLE, status,
            "PACS " + pacsName + " did not answer " + relative(url) + " after " + attempt + " attempts: " + failure, null);
      }
      LOG.warnf("PACS %s request %s failed (attempt %d of %d), retrying in %d ms: %s",
          pacsName, relative(url), attempt, settings.maxAttempts(), backoffMillis, failure);
      sleep(backoffMillis);
      backoffMillis *= 2;
    }
  }

  /** Strips the PACS root from a URL to keep messages short; the UIDs left in it identify no patient. */
  private String relative(String url) {
    return url.startsWith(root) ? url.substring(root.length()) : url;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PacsException(PacsErrorCode.PACS_UNREACHABLE, 0, "interrupted while waiting to retry a PACS call", e);
    }
  }
}
