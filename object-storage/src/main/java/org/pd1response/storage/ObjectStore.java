package org.pd1response.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;

/**
 * The pipeline's only access to S3 object storage. Every upload records the content type and the
 * SHA-256 of the bytes in the object's user metadata, and every read checks the bytes against it,
 * so a truncated or altered object is detected where it is read. Each call has a request timeout
 * and a bounded number of attempts with exponential backoff; a missing object is not retried.
 */
public class ObjectStore implements AutoCloseable {

  /** User metadata key of the SHA-256 (MinIO adds the {@code x-amz-meta-} prefix). */
  public static final String SHA256_METADATA = "sha256";

  private static final Logger LOG = Logger.getLogger(ObjectStore.class);

  private final StorageSettings settings;
  private final OkHttpClient http;
  private final MinioClient client;

  public ObjectStore(StorageSettings settings) {
    this.settings = settings;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(settings.requestTimeout())
            .readTimeout(settings.requestTimeout())
            .writeTimeout(settings.requestTimeout())
            .retryOnConnectionFailure(false)
            .build();
    MinioClient.Builder builder =
        MinioClient.builder()
            .endpoint(settings.endpoint())
            .credentials(settings.accessKey(), settings.secretKey())
            .httpClient(http);
    if (settings.region() != null && !settings.region().isBlank()) {
      builder.region(settings.region());
    }
    this.client = builder.build();
  }

  public StorageSettings settings() {
    return settings;
  }

  /** Bucket name behind a logical bucket. */
  public String bucketName(Bucket bucket) {
    return bucket == Bucket.ORIGINALS ? settings.originalsBucket() : settings.derivedBucket();
  }

  /** Creates both buckets when they do not exist yet. */
  public void ensureBuckets() {
    for (Bucket bucket : Bucket.values()) {
      String name = bucketName(bucket);
      withRetries("create bucket " + name, () -> {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(name).build())) {
          client.makeBucket(MakeBucketArgs.builder().bucket(name).build());
          LOG.infof("Created bucket %s", name);
        }
        return null;
      });
    }
  }

  /** Returns whether the object store responds and both buckets exist; readiness checks use it. */
  public boolean isReachable() {
    try {
      for (Bucket bucket : Bucket.values()) {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucketName(bucket)).build())) {
          return false;
        }
      }
      return true;
    } catch (IOException | GeneralSecurityException | io.minio.errors.MinioException e) {
      LOG.debugf("Object store %s is not reachable: %s", settings.endpoint(), e.getMessage());
      return false;
    }
  }

  /**
   * Uploads bytes under a key, recording content type and SHA-256.
   *
   * @return the SHA-256 of the content
   */
  public String put(Bucket bucket, String key, byte[] content, String contentType) {
    String sha256 = Sha256.of(content);
    String name = bucketName(bucket);
    withRetries("put " + name + "/" + key, () -> {
      client.putObject(
          PutObjectArgs.builder()
              .bucket(name)
              .object(key)
              .stream(new ByteArrayInputStream(content), content.length, -1)
              .contentType(contentType)
              .userMetadata(Map.of(SHA256_METADATA, sha256))
              .build());
      return null;
    });
    LOG.debugf("Stored %s/%s (%d bytes)", name, key, content.length);
    return sha256;
  }

  /**
   * Uploads bytes unless an object with the same SHA-256 is already stored under the key. Keys are
   * immutable, so other content under the key is an error.
   *
   * @throws StorageException when the key contains different content
   */
  public String putIfAbsent(Bucket bucket, String key, byte[] content, String contentType) {
    String sha256 = Sha256.of(content);
    Optional<String> existing = storedSha256(bucket, key);
    if (existing.isPresent()) {
      if (!existing.get().equals(sha256)) {
        throw new StorageException(
            "object " + bucketName(bucket) + "/" + key + " already contains other content (SHA-256 "
                + existing.get() + ", new " + sha256 + "); keys are immutable");
      }
      return sha256;
    }
    return put(bucket, key, content, contentType);
  }

  /**
   * Downloads an object and checks its bytes against the SHA-256 in its metadata.
   *
   * @throws ObjectNotFoundException when no object has that key
   * @throws StorageException when the bytes do not match the recorded SHA-256
   */
  public StoredObject get(Bucket bucket, String key) {
    String name = bucketName(bucket);
    return withRetries("get " + name + "/" + key, () -> {
      try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(name).object(key).build())) {
        byte[] content = response.readAllBytes();
        String recorded = metadata(response.headers().get("x-amz-meta-" + SHA256_METADATA));
        String actual = Sha256.of(content);
        if (recorded != null && !recorded.equals(actual)) {
          throw new StorageException(
              "object " + name + "/" + key + " is corrupt: SHA-256 in metadata " + recorded + ", content " + actual);
        }
        return new StoredObject(key, content, response.headers().get("Content-Type"), actual);
      }
    });
  }

  /** Returns whether an object exists under the key. */
  public boolean exists(Bucket bucket, String key) {
    return stat(bucket, key).isPresent();
  }

  /** SHA-256 recorded for an object, or empty when the object or the metadata is absent. */
  public Optional<String> storedSha256(Bucket bucket, String key) {
    Optional<StatObjectResponse> stat = stat(bucket, key);
    return stat.map(s -> metadata(s.userMetadata().get(SHA256_METADATA)));
  }

  private Optional<StatObjectResponse> stat(Bucket bucket, String key) {
    String name = bucketName(bucket);
    try {
      return Optional.of(withRetries("stat " + name + "/" + key,
          () -> client.statObject(StatObjectArgs.builder().bucket(name).object(key).build())));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  private static String metadata(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** An S3 call that may throw the MinIO client's checked exceptions. */
  @FunctionalInterface
  private interface S3Call<T> {
    T call() throws Exception;
  }

  private <T> T withRetries(String operation, S3Call<T> call) {
    long backoffMillis = settings.retryBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (ErrorResponseException e) {
        String code = e.errorResponse().code();
        if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
          throw new ObjectNotFoundException(operation + " failed: no such object");
        }
        throw new StorageException(operation + " failed with S3 error " + code + ": " + e.getMessage(), e);
      } catch (StorageException e) {
        throw e;
      } catch (Exception e) {
        if (attempt >= settings.maxAttempts()) {
          throw new StorageException(
              operation + " failed after " + attempt + " attempts against " + settings.endpoint() + ": " + e, e);
        }
        LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s",
            operation, attempt, settings.maxAttempts(), backoffMillis, e.toString());
        sleep(backoffMillis);
        backoffMillis *= 2;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting to retry an object-store call", e);
    }
  }

  /** Releases the HTTP client's threads and connections. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
