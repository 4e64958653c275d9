package org.pd1response.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.testsupport.Infrastructure;
import org.pd1response.testsupport.SharedInfrastructure;

class ObjectStoreIT {

  static final String CASE_ID = "c0123456789abcdef0123456789abcdef";

  static ObjectStore store;

  @BeforeAll
  static void connect() {
    store = new ObjectStore(settings("it-originals", "it-derived"));
    store.ensureBuckets();
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  static StorageSettings settings(String originals, String derived) {
    Infrastructure infrastructure = SharedInfrastructure.get();
    return new StorageSettings(infrastructure.s3Endpoint(), infrastructure.s3AccessKey(),
        infrastructure.s3SecretKey(), null, originals, derived, Duration.ofSeconds(5), 2, Duration.ofMillis(50));
  }

  @Test
  void storedObjectReadsBackWithSha256() {
    byte[] content = "image bytes".getBytes(StandardCharsets.UTF_8);
    String key = ObjectKeys.image(CASE_ID, 1);

    String sha256 = store.put(Bucket.DERIVED, key, content, "image/png");
    StoredObject read = store.get(Bucket.DERIVED, key);

    assertArrayEquals(content, read.content());
    assertEquals(Sha256.of(content), sha256);
    assertEquals(sha256, read.sha256());
    assertEquals("image/png", read.contentType());
    assertEquals(sha256, store.storedSha256(Bucket.DERIVED, key).orElseThrow());
  }

  @Test
  void bucketsKeepOriginalsApart() {
    String key = ObjectKeys.original(CASE_ID, 1, "instance.dcm");

    store.put(Bucket.ORIGINALS, key, new byte[] {1, 2, 3}, "application/dicom");

    assertTrue(store.exists(Bucket.ORIGINALS, key));
    assertFalse(store.exists(Bucket.DERIVED, key));
  }

  @Test
  void missingObjectIsReportedAsNotFound() {
    assertThrows(ObjectNotFoundException.class, () -> store.get(Bucket.DERIVED, ObjectKeys.mask(CASE_ID, 99)));
  }

  @Test
  void immutableKeyRejectsOtherContent() {
    String key = ObjectKeys.mask(CASE_ID, 2);
    store.putIfAbsent(Bucket.DERIVED, key, new byte[] {1}, "image/png");

    store.putIfAbsent(Bucket.DERIVED, key, new byte[] {1}, "image/png");
    StorageException error = assertThrows(StorageException.class,
        () -> store.putIfAbsent(Bucket.DERIVED, key, new byte[] {2}, "image/png"));

    assertTrue(error.getMessage().contains("keys are immutable"), error.getMessage());
  }

  @Test
  void unreachableEndpointFailsAfterBoundedRetries() {
    StorageSettings unreachable = new StorageSettings("http://127.0.0.1:1", "a", "b", null,
        "it-originals", "it-derived", Duration.ofMillis(300), 3, Duration.ofMillis(10));
    try (ObjectStore offline = new ObjectStore(unreachable)) {
      StorageException error = assertThrows(StorageException.class,
          () -> offline.get(Bucket.DERIVED, ObjectKeys.image(CASE_ID, 1)));

      assertTrue(error.getMessage().contains("after 3 attempts"), error.getMessage());
      assertFalse(offline.isReachable());
    }
  }
}
