package org.pd1response.testsupport;

import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;

/**
 * The Kafka broker and S3 server a test run or the local stack uses: Testcontainers Kafka and
 * MinIO where a Docker engine responds, otherwise the embedded broker and s3proxy on loopback.
 * Setting the system property or environment variable {@code PIPELINE_INFRASTRUCTURE} to
 * {@code embedded} or {@code containers} overrides the automatic choice.
 */
public interface Infrastructure extends AutoCloseable {

  String kafkaBootstrapServers();

  String s3Endpoint();

  String s3AccessKey();

  String s3SecretKey();

  /** Short description for logs, such as "embedded KRaft broker and s3proxy". */
  String description();

  /** Starts the infrastructure chosen for this machine and creates the catalogue's topics. */
  static Infrastructure start() {
    Logger log = Logger.getLogger(Infrastructure.class);
    String choice = System.getProperty("PIPELINE_INFRASTRUCTURE", System.getenv("PIPELINE_INFRASTRUCTURE"));
    boolean containers;
    if (choice == null || choice.isBlank()) {
      containers = dockerAvailable();
    } else if (choice.equals("containers") || choice.equals("embedded")) {
      containers = choice.equals("containers");
    } else {
      throw new IllegalArgumentException(
          "PIPELINE_INFRASTRUCTURE must be 'embedded' or 'containers', found '" + choice + "'");
    }
    Infrastructure infrastructure = containers ? ContainerInfrastructure.start() : EmbeddedInfrastructure.start();
    log.infof("Test infrastructure: %s (Kafka %s, S3 %s)",
        infrastructure.description(), infrastructure.kafkaBootstrapServers(), infrastructure.s3Endpoint());
    TopicProvisioner.createAll(infrastructure.kafkaBootstrapServers());
    return infrastructure;
  }

  private static boolean dockerAvailable() {
    // Asking Testcontainers on a machine without any Docker endpoint logs a misleading ERROR.
    boolean endpointDeclared = System.getenv("DOCKER_HOST") != null
        || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
    if (!endpointDeclared) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
