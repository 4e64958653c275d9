package org.pd1response.testsupport;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API server (s3proxy) on 127.0.0.1 with AWS signature authentication, keeping objects
 * in memory or in a folder.
 */
public final class EmbeddedS3 implements AutoCloseable {

  public static final String ACCESS_KEY = "pipeline-local";
  public static final String SECRET_KEY = "pipeline-local-secret";

  private final S3Proxy proxy;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts a server that keeps objects in memory, on a free port. */
  public static EmbeddedS3 startInMemory() {
    return start(new TransientNio2BlobStore(), 0);
  }

  /** Starts a server that keeps objects under {@code folder}, on the given port (0 for a free one). */
  public static EmbeddedS3 startOnDisk(Path folder, int port) {
    return start(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()), port);
  }

  private static EmbeddedS3 start(BlobStore blobStore, int port) {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start within 10 s, state " + proxy.getState());
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new IllegalStateException("embedded S3 server failed to start: " + e.getMessage(), e);
    }
    return new EmbeddedS3(proxy);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
