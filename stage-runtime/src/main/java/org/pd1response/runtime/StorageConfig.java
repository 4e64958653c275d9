package org.pd1response.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import org.pd1response.storage.StorageSettings;

/** Object-store connection of a service. */
@ConfigMapping(prefix = "pipeline.storage")
public interface StorageConfig {

  /** S3 endpoint URL, such as {@code http://minio:9000}. */
  String endpoint();

  /** S3 access key. */
  String accessKey();

  /** S3 secret key; set it from a secret, never in a properties file that is committed. */
  String secretKey();

  /** S3 region; empty for MinIO and s3proxy. */
  Optional<String> region();

  /** Bucket for originals that may carry patient identifiers. */
  @WithDefault("pd1-originals")
  String originalsBucket();

  /** Bucket for de-identified derived data and models. */
  @WithDefault("pd1-derived")
  String derivedBucket();

  /** Connect, read and write timeout of one S3 request. */
  @WithDefault("10s")
  Duration requestTimeout();

  /** Attempts per S3 operation, including the first. */
  @WithDefault("3")
  int maxAttempts();

  /** Wait before the first retry; doubled for each further retry. */
  @WithDefault("200ms")
  Duration retryBackoff();

  /** Whether the service creates missing buckets at start-up (local stack and tests). */
  @WithDefault("true")
  boolean createBuckets();

  default StorageSettings toSettings() {
    return new StorageSettings(endpoint(), accessKey(), secretKey(), region().orElse(null),
        originalsBucket(), derivedBucket(), requestTimeout(), maxAttempts(), retryBackoff());
  }
}
