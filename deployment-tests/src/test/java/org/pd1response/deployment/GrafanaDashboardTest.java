package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.deployment.kustomize.KustomizeRenderer;

/** The Grafana dashboard: the panels operators need, each querying metrics that the pipeline emits. */
class GrafanaDashboardTest {

  /**
   * Metrics a panel queries before any service emits them. The test below fails once one of them
   * is emitted, so that the entry is removed.
   */
  private static final Set<String> AWAITED_METRICS = Set.of();

  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "and", "or", "unless", "offset", "le");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private static JsonNode dashboard;
  private static Set<String> emitted;

  @BeforeAll
  static void readDashboard() throws IOException {
    Path file = Repository.root().resolve("deploy/kubernetes/base/observability/pd1-pipeline-dashboard.json");
    dashboard = new ObjectMapper().readTree(file.toFile());
    emitted = EmittedMetrics.find(Repository.root());
  }

  @Test
  void dashboardHasPanelForEachOperatorQuestion() {
    Map<String, String> expectedPanels = Map.of(
        "throughput", "pipeline_events_total",
        "latency", "pipeline_stage_processing_seconds_bucket",
        "consumer lag", "kafka_consumergroup_lag",
        "dead letters", "pipeline_events_total",
        "model versions", "imaging_model_loads_total",
        "predicted probabilities", "pipeline_prediction_probability_bucket");
    for (Map.Entry<String, String> expected : expectedPanels.entrySet()) {
      boolean found = false;
      for (JsonNode panel : dashboard.path("panels")) {
        if (panel.path("title").asText().toLowerCase().contains(expected.getKey())
            && metricsOf(panel).contains(expected.getValue())) {
          found = true;
        }
      }
      assertTrue(found, "a panel titled with '" + expected.getKey() + "' that queries " + expected.getValue());
    }
  }

  @Test
  void everyQueryReferencesEmittedMetrics() {
    for (JsonNode panel : dashboard.path("panels")) {
      Set<String> metrics = metricsOf(panel);
      assertFalse(metrics.isEmpty(), "panel '" + panel.path("title").asText() + "' queries no metric");
      for (String metric : metrics) {
        assertTrue(emitted.contains(metric) || AWAITED_METRICS.contains(metric), "panel '"
            + panel.path("title").asText() + "' queries " + metric + ", which no module registers");
      }
    }
  }

  @Test
  void awaitedMetricsAreNotYetEmitted() {
    for (String metric : AWAITED_METRICS) {
      assertFalse(emitted.contains(metric), metric + " is now registered; remove it from AWAITED_METRICS");
    }
  }

  @Test
  void panelIdsAreUnique() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
    }
  }

  @Test
  void panelsUseProvisionedDataSource() {
    for (JsonNode panel : dashboard.path("panels")) {
      assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
    }
    JsonNode variable = dashboard.path("templating").path("list").get(0);
    assertEquals("datasource", variable.path("name").asText());
    assertEquals("prometheus", variable.path("query").asText());
    List<JsonNode> provisioning = KustomizeRenderer.readDocuments(
        Repository.root().resolve("deploy/kubernetes/base/observability/grafana-datasources.yaml"));
    assertEquals("prometheus", provisioning.get(0).path("datasources").get(0).path("type").asText());
  }

  @Test
  void prometheusScrapesTheServicesMetricsPath() throws IOException {
    String compose = Files.readString(Repository.root().resolve("deploy/compose/prometheus.yml"));
    for (String stage : StageConsumers.DEPLOYMENTS) {
      assertTrue(compose.contains(stage + ":8080"), "compose Prometheus scrapes " + stage);
    }
    assertTrue(compose.contains("metrics_path: /q/metrics"), "compose Prometheus reads /q/metrics");
    JsonNode kubernetes = KustomizeRenderer.readDocuments(
        Repository.root().resolve("deploy/kubernetes/base/observability/prometheus.yml")).get(0);
    JsonNode relabel = kubernetes.path("scrape_configs").get(0).path("relabel_configs");
    assertEquals("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
        relabel.get(0).path("source_labels").get(0).asText(), "Kubernetes Prometheus keeps annotated pods");
  }

  /** Metric names in a panel's PromQL expressions: identifiers outside label matchers, ranges and grouping lists. */
  static Set<String> metricsOf(JsonNode panel) {
    Set<String> metrics = new HashSet<>();
    for (JsonNode target : panel.path("targets")) {
      String expression = target.path("expr").asText()
          .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
          .replaceAll("\\{[^}]*}", " ")
          .replaceAll("\\[[^]]*]", " ")
          .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
      Matcher matcher = IDENTIFIER.matcher(expression);
      List<int[]> spans = new ArrayList<>();
      while (matcher.find()) {
        spans.add(new int[] {matcher.start(), matcher.end()});
      }
      for (int[] span : spans) {
        String word = expression.substring(span[0], span[1]);
        String rest = expression.substring(span[1]).stripLeading();
        boolean function = rest.startsWith("(");
        if (!function && !PROMQL_WORDS.contains(word) && !word.startsWith("$")
            && (span[0] == 0 || expression.charAt(span[0] - 1) != '$')) {
          metrics.add(word);
        }
      }
    }
    return metrics;
  }
}
