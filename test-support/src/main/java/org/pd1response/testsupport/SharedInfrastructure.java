package org.pd1response.testsupport;

import org.apache.kafka.common.utils.Exit;

/**
 * One {@link Infrastructure} per JVM, started on first use and stopped at JVM exit, so that the
 * test classes of a module share one broker and one S3 server.
 */
public final class SharedInfrastructure {

  private static Infrastructure instance;

  private SharedInfrastructure() {}

  public static synchronized Infrastructure get() {
    if (instance == null) {
      Infrastructure started = Infrastructure.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        // Kafka's own shutdown hook deletes the embedded broker's temporary log folder while this
        // hook closes the broker. The broker then detects that its only log folder failed and
        // halts the JVM with status 1, which fails the test run after every test passed.
        Exit.setHaltProcedure((status, message) ->
            System.err.println("ignored halt(" + status + ") of the broker during JVM shutdown: " + message));
        try {
          started.close();
        } catch (Exception e) {
          System.err.println("stopping test infrastructure failed: " + e);
        }
      }, "test-infrastructure-shutdown"));
      instance = started;
    }
    return instance;
  }
}
