package org.pd1response.testsupport;

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
