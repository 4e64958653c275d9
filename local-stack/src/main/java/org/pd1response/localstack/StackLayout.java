package org.pd1response.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * State folder and loopback ports of the local stack. Every port can be moved with an environment
 * variable, for machines where the defaults are taken.
 *
 * @param root repository root, where the services' packaged applications are
 * @param state folder for broker logs, objects, process logs and the generated secrets
 */
record StackLayout(Path root, Path state, int kafkaPort, int controllerPort, int s3Port, int firstServicePort) {

  /** A service of the pipeline as the local stack runs it. */
  record Service(String module, int port) {
    URI readiness() {
      return URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + port);
    }
  }

  static StackLayout fromEnvironment(Path root) {
    return new StackLayout(root, root.resolve(".pipeline"),
        port("PIPELINE_KAFKA_PORT", 19092), port("PIPELINE_KAFKA_CONTROLLER_PORT", 19093),
        port("PIPELINE_S3_PORT", 19000), port("PIPELINE_FIRST_SERVICE_PORT", 18081));
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  String s3Endpoint() {
    return "http://127.0.0.1:" + s3Port;
  }

  /** The services in start order: consumers of later stages first, so no event waits for them. */
  List<Service> services() {
    return List.of(
        new Service("ensemble-service", firstServicePort + 4),
        new Service("clinical-inference-service", firstServicePort + 3),
        new Service("imaging-inference-service", firstServicePort + 2),
        new Service("preprocess-service", firstServicePort + 1),
        new Service("ingest-service", firstServicePort));
  }

  Service service(String module) {
    return services().stream().filter(s -> s.module().equals(module)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service module " + module));
  }

  Path logs() {
    return state.resolve("logs");
  }

  private static int port(String variable, int fallback) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a port number, found '" + value + "'", e);
    }
  }
}
