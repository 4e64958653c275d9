package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the Prometheus configuration and the dashboard's PromQL with a real Prometheus, where the
 * Debian package {@code prometheus} (which ships {@code prometheus} and {@code promtool}) is
 * installed. Debian's build has no Kubernetes service discovery, so only the compose scrape
 * configuration is checked with promtool.
 */
class PrometheusValidationIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path state;

  @Test
  void composeScrapeConfigurationIsValid() throws Exception {
    // Given
    assumeTrue(onPath("promtool"), "promtool is not on PATH (Debian package prometheus); configuration not checked");
    Path config = Repository.root().resolve("deploy/compose/prometheus.yml");

    // When
    Process process = new ProcessBuilder("promtool", "check", "config", config.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);

    // Then
    assertEquals(0, process.exitValue(), "promtool check config: " + output);
  }

  @Test
  void dashboardQueriesParse() throws Exception {
    // Given
    assumeTrue(onPath("prometheus"), "prometheus is not on PATH (Debian package prometheus); PromQL not checked");
    JsonNode dashboard = JSON.readTree(
        Repository.root().resolve("deploy/kubernetes/base/observability/pd1-pipeline-dashboard.json").toFile());
    Path config = state.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 15s\n");
    int port = freePort();
    Process server = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + state.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(state.resolve("prometheus.log").toFile()).start();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      waitUntilReady(client, port, server);

      // When / Then
      int checked = 0;
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expression = grafanaVariablesReplaced(target.path("expr").asText());
          HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8))).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(200, response.statusCode(), "panel '" + panel.path("title").asText() + "' query "
              + expression + ": " + response.body());
          checked++;
        }
      }
      assertTrue(checked >= dashboard.path("panels").size(), "queries checked: " + checked);
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** Replaces the range variables that Grafana fills in before it sends a query. */
  private static String grafanaVariablesReplaced(String expression) {
    return expression.replace("$__rate_interval", "1m").replace("$__range", "1h");
  }

  private static void waitUntilReady(HttpClient client, int port, Process server) throws InterruptedException {
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline) && server.isAlive()) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus on 127.0.0.1:" + port + " was not ready within " + START_TIMEOUT
        + (server.isAlive() ? "" : "; it exited with status " + server.exitValue()));
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (new File(folder, program).canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
