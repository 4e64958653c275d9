package org.pd1response.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.pd1response.testsupport.EmbeddedS3;
import org.pd1response.testsupport.TopicProvisioner;

/**
 * Starts and stops the whole pipeline on this machine: a single-node KRaft Kafka broker and an
 * S3 server (s3proxy) as child processes bound to 127.0.0.1, the topic catalogue, and the five
 * packaged services, each waited for until its readiness check passes. State lives under
 * {@code .pipeline/} in the repository, so a restarted stack keeps its topics and objects.
 */
final class LocalStack implements AutoCloseable {

  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(120);

  /** Kafka and S3 addresses and S3 credentials that the services connect to. */
  record Endpoints(String kafkaBootstrap, String s3Endpoint, String s3AccessKey, String s3SecretKey) {}

  private final StackLayout layout;
  private final List<ChildProcess> processes = new ArrayList<>();
  private Endpoints endpoints;
  private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> moduleEnvironment = new LinkedHashMap<>();

  LocalStack(StackLayout layout) {
    this.layout = layout;
    this.endpoints = new Endpoints(layout.kafkaBootstrap(), layout.s3Endpoint(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
  }

  /** Runs the services against a broker and S3 server started elsewhere, such as a test's. */
  LocalStack(StackLayout layout, Endpoints endpoints) {
    this.layout = layout;
    this.endpoints = endpoints;
  }

  Endpoints endpoints() {
    return endpoints;
  }

  /** Folder of the children's pid files, read by {@code ./pipeline stop}. */
  Path pidFolder() {
    return layout.state().resolve("pids");
  }

  private ChildProcess track(ChildProcess child) throws IOException {
    child.writePidFile(pidFolder());
    processes.add(child);
    return child;
  }

  /** Adds an environment variable to every service started after this call. */
  void putServiceEnvironment(String name, String value) {
    extraEnvironment.put(name, value);
  }

  /**
   * Adds an environment variable to one service module started after this call; it overrides a
   * variable of the same name set for every service. A {@code QUARKUS_HTTP_HOST} set here also
   * moves the address where the stack waits for the service's readiness.
   */
  void putServiceEnvironment(String module, String name, String value) {
    layout.service(module);
    moduleEnvironment.computeIfAbsent(module, key -> new LinkedHashMap<>()).put(name, value);
  }

  StackLayout layout() {
    return layout;
  }

  /** Starts the broker and the S3 server and creates the topics. */
  void startInfrastructure() throws IOException, InterruptedException {
    Files.createDirectories(layout.logs());
    requireFree(layout.kafkaPort(), "PIPELINE_KAFKA_PORT");
    requireFree(layout.controllerPort(), "PIPELINE_KAFKA_CONTROLLER_PORT");
    requireFree(layout.s3Port(), "PIPELINE_S3_PORT");
    Path properties = writeBrokerProperties();
    Path metaProperties = layout.state().resolve("kafka-logs/meta.properties");
    if (!Files.exists(metaProperties)) {
      ChildProcess.run("kafka-storage-format", List.of(java(), "-cp", classPath(), "kafka.tools.StorageTool",
          "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString(), "--standalone"),
          layout.logs().resolve("kafka-format.log"), BROKER_TIMEOUT);
    }
    // The broker's own warnings belong in its log, although the command-line tools silence them.
    track(ChildProcess.start("kafka", List.of(java(), "-Xmx512m",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", "-Dorg.slf4j.simpleLogger.log.kafka=warn",
        "-cp", classPath(), "kafka.Kafka", properties.toString()), Map.of(), layout.logs().resolve("kafka.log")));
    track(ChildProcess.start("s3", List.of(java(), "-Xmx256m", "-cp", classPath(),
        S3ServerMain.class.getName(), layout.state().resolve("s3").toString(), Integer.toString(layout.s3Port())),
        Map.of(), layout.logs().resolve("s3.log")));
    awaitBroker();
    TopicProvisioner.createAll(layout.kafkaBootstrap());
  }

  /** Starts every service and waits until each reports ready. */
  void startServices() throws IOException, InterruptedException {
    startServices(List.of());
  }

  /** Starts every service but the excluded modules and waits until each reports ready. */
  void startServices(List<String> excluded) throws IOException, InterruptedException {
    List<StackLayout.Service> selected = layout.services().stream().filter(s -> !excluded.contains(s.module())).toList();
    for (StackLayout.Service service : selected) {
      Path jar = layout.root().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
      if (!Files.exists(jar)) {
        throw new IOException(service.module() + " is not built (" + jar + " is missing); run ./pipeline build");
      }
      requireFree(service.port(), "PIPELINE_FIRST_SERVICE_PORT");
      // Quarkus 3.33 passes kafka-streams.* properties to Kafka Streams from system properties and
      // config files, not from environment variables. Without this property the state would land
      // in /tmp/kafka-streams, which every stack on the machine shares.
      String stateDir = "-Dkafka-streams.state.dir=" + layout.state().resolve("streams").toAbsolutePath();
      track(ChildProcess.start(service.module(), List.of(java(), "-Xmx768m", stateDir, "-jar", jar.toString()),
          serviceEnvironment(service), layout.logs().resolve(service.module() + ".log")));
    }
    for (StackLayout.Service service : selected) {
      ChildProcess process = processes.stream().filter(p -> p.name().equals(service.module())).findFirst().orElseThrow();
      String host = serviceEnvironment(service).get("QUARKUS_HTTP_HOST");
      URI base = URI.create("http://" + host + ":" + service.port());
      process.awaitHttpOk(base.resolve("/q/health/ready"), SERVICE_TIMEOUT);
      System.out.printf("  %-28s ready on %s%n", service.module(), base);
    }
  }

  /** Environment of one service: where Kafka and S3 are, its HTTP port, and the local secrets. */
  Map<String, String> serviceEnvironment(StackLayout.Service service) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrap());
    environment.put("PIPELINE_STORAGE_ENDPOINT", endpoints.s3Endpoint());
    environment.put("PIPELINE_STORAGE_ACCESS_KEY", endpoints.s3AccessKey());
    environment.put("PIPELINE_STORAGE_SECRET_KEY", endpoints.s3SecretKey());
    environment.put("PIPELINE_PSEUDONYMISATION_KEY", pseudonymisationKey());
    environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
    environment.putAll(extraEnvironment);
    environment.putAll(moduleEnvironment.getOrDefault(service.module(), Map.of()));
    return environment;
  }

  /**
   * Returns the local stack's pseudonymisation key. The key is random, made once and kept under
   * {@code .pipeline/}, so case ids stay stable across restarts of the stack on this machine.
   */
  String pseudonymisationKey() throws IOException {
    Path file = layout.state().resolve("pseudonymisation.key");
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.createDirectories(file.getParent());
      Files.writeString(file, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII);
    }
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  private Path writeBrokerProperties() throws IOException {
    Path file = layout.state().resolve("kafka.properties");
    String properties = """
        process.roles=broker,controller
        node.id=1
        controller.quorum.bootstrap.servers=127.0.0.1:%2$d
        listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
        advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
        controller.listener.names=CONTROLLER
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        log.dirs=%3$s
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=3
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        transaction.state.log.num.partitions=3
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        auto.create.topics.enable=false
        """.formatted(layout.kafkaPort(), layout.controllerPort(), layout.state().resolve("kafka-logs"));
    Files.createDirectories(file.getParent());
    Files.writeString(file, properties, StandardCharsets.UTF_8);
    return file;
  }

  private void awaitBroker() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + BROKER_TIMEOUT.toNanos();
    IllegalStateException last = null;
    while (System.nanoTime() < deadline) {
      ChildProcess kafka = processes.get(0);
      if (!kafka.isAlive()) {
        throw new IOException("Kafka broker exited while starting; see " + kafka.log());
      }
      try {
        TopicProvisioner.createAll(layout.kafkaBootstrap());
        return;
      } catch (IllegalStateException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new IOException("Kafka broker was not reachable on " + layout.kafkaBootstrap() + " within "
        + BROKER_TIMEOUT.toSeconds() + " s; see " + layout.logs().resolve("kafka.log"), last);
  }

  private static void requireFree(int port, String variable) throws IOException {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new IOException("port " + port + " on 127.0.0.1 is in use (is the stack already running?); "
          + "stop it with Ctrl-C in its terminal or ./pipeline stop, or choose another port with " + variable, e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** Stops the services first, then the S3 server and the broker. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
  }
}
