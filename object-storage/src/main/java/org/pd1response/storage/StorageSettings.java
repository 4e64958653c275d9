package org.pd1response.storage;

import java.time.Duration;

/**
 * Connection and bucket settings of the object store. Services fill it from their typed
 * configuration; commands from their options.
 *
 * @param endpoint S3 endpoint URL, such as {@code http://minio:9000}
 * @param originalsBucket bucket for originals that may carry patient identifiers (DICOM instances)
 * @param derivedBucket bucket for de-identified derived data (canonical images, tensors, heat maps,
 *     models)
 * @param requestTimeout connect, read and write timeout of one request
 * @param maxAttempts attempts per operation, including the first; at least 1
 * @param retryBackoff wait before the first retry; doubled for each further retry
 */
public record StorageSettings(
    String endpoint,
    String accessKey,
    String secretKey,
    String region,
    String originalsBucket,
    String derivedBucket,
    Duration requestTimeout,
    int maxAttempts,
    Duration retryBackoff) {

  public StorageSettings {
    requireText("endpoint", endpoint);
    requireText("accessKey", accessKey);
    requireText("secretKey", secretKey);
    requireBucket("originalsBucket", originalsBucket);
    requireBucket("derivedBucket", derivedBucket);
    if (originalsBucket.equals(derivedBucket)) {
      throw new IllegalArgumentException(
          "originalsBucket and derivedBucket must differ so that identifiable originals stay apart, both are '"
              + originalsBucket + "'");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, found " + maxAttempts);
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("object storage " + field + " must be set, found '" + value + "'");
    }
  }

  private static void requireBucket(String field, String value) {
    requireText(field, value);
    if (!value.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          field + " must be an S3 bucket name (3-63 lower-case letters, digits, '.' or '-'), found '" + value + "'");
    }
  }
}
