package org.pd1response.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pd1response.testsupport.EmbeddedS3;

/**
 * Entry point of the local stack's S3 server process: s3proxy on 127.0.0.1 keeping objects in a
 * folder, so that they survive restarts of the stack.
 *
 * <p>Arguments: data folder, port.
 */
public final class S3ServerMain {

  private S3ServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: S3ServerMain DATA_FOLDER PORT");
    }
    Path folder = Files.createDirectories(Path.of(args[0]));
    EmbeddedS3 server = EmbeddedS3.startOnDisk(folder, Integer.parseInt(args[1]));
    System.out.println("s3proxy listening on " + server.endpoint() + ", objects in " + folder);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("stopping s3proxy failed: " + e);
      }
    }));
    Thread.currentThread().join();
  }
}
