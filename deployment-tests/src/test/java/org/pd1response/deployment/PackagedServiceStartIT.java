package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.Infrastructure;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * Starts each packaged service ({@code target/quarkus-app/quarkus-run.jar}) with exactly the
 * environment keys its development-overlay manifest sets, against the embedded broker and S3
 * server, and waits for {@code /q/health/live}. Only values that name cluster hosts, Secrets or
 * paths are replaced by local ones; the keys stay those of the manifest.
 *
 * <p>Each start takes 30 to 60 seconds on two cores, so the test runs the two services with the
 * most manifest keys, ingest (Secret-fed pseudonymisation key, PACS map keys) and imaging inference
 * (execution provider keys), and the ensemble service, whose Kafka Streams application starts only
 * once an ensemble card is in the registry; the test publishes the demo card first.
 * NOTE: without a published card the ensemble's liveness check stays DOWN, so Kubernetes restarts
 * it until the card is published.
 */
class PackagedServiceStartIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String PSEUDONYMISATION_KEY = "deployment-test-key-0123456789abcdef";

  @TempDir
  Path state;

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "imaging-inference-service", "ensemble-service"})
  void packagedServiceStartsWithManifestKeys(String module) throws Exception {
    // Given
    Path jar = Repository.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    assumeTrue(Files.isRegularFile(jar), jar + " is missing; run ./mvnw package for " + module + " first");
    Infrastructure infrastructure = SharedInfrastructure.get();
    createBuckets(infrastructure);
    if (module.equals("ensemble-service")) {
      publishDemoEnsembleCard(infrastructure);
    }
    Map<String, String> manifest = ManifestEnvironment.of(KubernetesManifestsTest.rendered("overlays/development"),
        module);
    int port = freePort();
    Map<String, String> environment = localValues(manifest, infrastructure, port);
    assertEquals(manifest.keySet(), environment.keySet(), "the service gets the manifest's keys, no more, no less");

    // When
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar.toString());
    builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("PIPELINE_")
        || key.startsWith("KAFKA_"));
    builder.environment().putAll(environment);
    Path log = state.resolve(module + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      // Then
      int status = waitForLiveness(process, port);
      assertEquals(200, status, module + " /q/health/live; log:\n" + tail(log));
    } finally {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private Map<String, String> localValues(Map<String, String> manifest, Infrastructure infrastructure, int port) {
    Map<String, String> environment = new TreeMap<>();
    for (Map.Entry<String, String> entry : manifest.entrySet()) {
      String key = entry.getKey();
      String value = switch (key) {
        case "KAFKA_BOOTSTRAP_SERVERS" -> infrastructure.kafkaBootstrapServers();
        case "PIPELINE_STORAGE_ENDPOINT" -> infrastructure.s3Endpoint();
        case "PIPELINE_STORAGE_ACCESS_KEY" -> infrastructure.s3AccessKey();
        case "PIPELINE_STORAGE_SECRET_KEY" -> infrastructure.s3SecretKey();
        case "PIPELINE_PSEUDONYMISATION_KEY" -> PSEUDONYMISATION_KEY;
        case "QUARKUS_HTTP_PORT" -> Integer.toString(port);
        // No collector runs here; a closed loopback port keeps the exporter from resolving cluster names.
        case "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT" -> "http://127.0.0.1:1";
        case "PIPELINE_INGEST_PACS_ORTHANC_DICOMWEB_URL" -> "http://127.0.0.1:1/dicom-web";
        case "PIPELINE_INGEST_PACS_ORTHANC_CHANGES_URL" -> "http://127.0.0.1:1";
        case "KAFKA_STREAMS_STATE_DIR" -> state.resolve("kafka-streams").toString();
        default -> entry.getValue();
      };
      if (value.startsWith(ManifestEnvironment.FROM_SECRET)) {
        throw new AssertionError(key + " comes from a Secret that this test does not supply: " + value);
      }
      environment.put(key, value);
    }
    return environment;
  }

  /** The manifests set PIPELINE_STORAGE_CREATE_BUCKETS=false, so the buckets must exist, as the setup Job makes them. */
  private static void createBuckets(Infrastructure infrastructure) {
    StorageSettings settings = new StorageSettings(infrastructure.s3Endpoint(), infrastructure.s3AccessKey(),
        infrastructure.s3SecretKey(), null, "pd1-originals", "pd1-derived", Duration.ofSeconds(10), 2,
        Duration.ofMillis(100));
    try (ObjectStore store = new ObjectStore(settings)) {
      store.ensureBuckets();
    }
  }

  /** Publishes the ensemble card shipped with the demo as the current version of {@code ensemble}. */
  private static void publishDemoEnsembleCard(Infrastructure infrastructure) throws IOException {
    StorageSettings settings = new StorageSettings(infrastructure.s3Endpoint(), infrastructure.s3AccessKey(),
        infrastructure.s3SecretKey(), null, "pd1-originals", "pd1-derived", Duration.ofSeconds(10), 2,
        Duration.ofMillis(100));
    Path folder = Repository.root().resolve("demo/models/ensemble");
    try (ObjectStore store = new ObjectStore(settings)) {
      new org.pd1response.storage.ModelRegistry(store, java.time.Clock.systemUTC())
          .publish(folder.resolve("ensemble-parameters.json"), folder.resolve("card.json"), true);
    }
  }

  private static int waitForLiveness(Process process, int port) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
        .timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    int status = -1;
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return status;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    assertTrue(process.isAlive(), "the service exited with status " + (process.isAlive() ? "" : process.exitValue()));
    return status;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
