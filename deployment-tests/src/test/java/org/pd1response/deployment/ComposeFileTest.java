package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.TopicSpec;
import org.pd1response.contracts.Topics;
import org.yaml.snakeyaml.Yaml;

/**
 * The single-host compose file: the same services, images and configuration keys as the
 * development overlay (which also runs imaging inference on CPU), the topic catalogue, and no
 * literal credentials.
 */
class ComposeFileTest {

  /** A credential is always a required variable: compose stops with the message when it is unset. */
  private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:\\?[^}]+}");
  private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|ACCESS_KEY|_KEY$|ROOT_USER).*");
  private static final Pattern CREATE_TOPIC = Pattern.compile("^create (\\S+) (\\d+) (.+)$", Pattern.MULTILINE);

  private static Path composeFolder;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parseComposeFile() throws IOException {
    composeFolder = Repository.root().resolve("deploy/compose");
    Map<String, Object> compose = new Yaml().load(Files.readString(composeFolder.resolve("compose.yaml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void composeRunsInfrastructureAndEveryStage() {
    for (String name : List.of("kafka", "kafka-topics", "minio", "minio-setup", "orthanc", "prometheus", "grafana",
        "jaeger", "kafka-exporter")) {
      assertTrue(services.containsKey(name), "compose service " + name);
    }
    for (String stage : StageConsumers.DEPLOYMENTS) {
      assertTrue(services.containsKey(stage), "compose service " + stage);
    }
  }

  @Test
  void stagesUseSameKeysAndImagesAsKubernetes() {
    RenderedManifests development = KubernetesManifestsTest.rendered("overlays/development");
    for (String stage : StageConsumers.DEPLOYMENTS) {
      Map<String, String> kubernetes = ManifestEnvironment.of(development, stage);
      Map<String, String> compose = environment(stage);
      assertEquals(kubernetes.keySet(), compose.keySet(), stage + " configuration keys in compose and Kubernetes");
      for (Map.Entry<String, String> entry : kubernetes.entrySet()) {
        if (!entry.getValue().startsWith(ManifestEnvironment.FROM_SECRET) && !isHostSpecific(entry.getKey())) {
          assertEquals(entry.getValue(), compose.get(entry.getKey()), stage + " " + entry.getKey());
        }
      }
      String image = development.get(Deployment.class, stage).getSpec().getTemplate().getSpec().getContainers()
          .get(0).getImage();
      assertEquals(image, services.get(stage).get("image"), stage + " image");
    }
  }

  @Test
  void stagesWaitForTopicsAndBucketsAndReportReadiness() {
    for (String stage : StageConsumers.DEPLOYMENTS) {
      Map<String, Object> service = services.get(stage);
      Map<?, ?> dependencies = (Map<?, ?>) service.get("depends_on");
      assertEquals("service_completed_successfully", ((Map<?, ?>) dependencies.get("kafka-topics")).get("condition"),
          stage + " waits for the topics");
      assertEquals("service_completed_successfully", ((Map<?, ?>) dependencies.get("minio-setup")).get("condition"),
          stage + " waits for the buckets");
      List<?> test = (List<?>) ((Map<?, ?>) service.get("healthcheck")).get("test");
      assertTrue(String.valueOf(test.get(test.size() - 1)).endsWith(":8080/q/health/ready"),
          stage + " health check, found " + test);
    }
  }

  @Test
  void noLiteralCredentials() {
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      for (Map.Entry<String, String> variable : environment(service.getKey()).entrySet()) {
        if (SECRET_NAME.matcher(variable.getKey()).matches()) {
          assertTrue(REQUIRED_VARIABLE.matcher(variable.getValue()).matches(), service.getKey() + " "
              + variable.getKey() + " must be a required variable such as ${NAME:?message}, found "
              + variable.getValue());
        }
      }
    }
  }

  @Test
  void publishesPortsOnLoopbackOnly() {
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      List<?> ports = (List<?>) service.getValue().getOrDefault("ports", List.of());
      for (Object port : ports) {
        assertTrue(String.valueOf(port).startsWith("127.0.0.1:"), service.getKey() + " publishes " + port);
      }
    }
  }

  @Test
  void topicScriptCreatesTheCatalogue() throws IOException {
    String script = Files.readString(composeFolder.resolve("create-topics.sh"));
    Map<String, String[]> created = new HashMap<>();
    Matcher matcher = CREATE_TOPIC.matcher(script);
    while (matcher.find()) {
      created.put(matcher.group(1), new String[] {matcher.group(2), matcher.group(3)});
    }
    assertEquals(Topics.all().stream().map(TopicSpec::name).collect(java.util.stream.Collectors.toSet()),
        created.keySet(), "topics created by create-topics.sh");
    for (TopicSpec topic : Topics.all()) {
      String[] line = created.get(topic.name());
      assertEquals(topic.partitions(), Integer.parseInt(line[0]), topic.name() + " partitions");
      Set<String> configs = Set.of(line[1].split(" "));
      topic.kafkaConfig().forEach((key, value) ->
          assertTrue(configs.contains(key + "=" + value), topic.name() + " " + key + "=" + value + ", found " + configs));
    }
  }

  @Test
  void mountedFilesExist() {
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      for (Object volume : (List<?>) service.getValue().getOrDefault("volumes", List.of())) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith(".")) {
          assertTrue(Files.isRegularFile(composeFolder.resolve(source).normalize()),
              service.getKey() + " mounts " + source + ", which must exist");
        }
      }
    }
  }

  /** Keys whose values name hosts of the compose network instead of Kubernetes Services. */
  private static boolean isHostSpecific(String key) {
    return Set.of("KAFKA_BOOTSTRAP_SERVERS").contains(key);
  }

  private static Map<String, String> environment(String service) {
    Object environment = services.get(service).get("environment");
    Map<String, String> result = new HashMap<>();
    if (environment != null) {
      assertNotNull(environment instanceof Map<?, ?> ? environment : null,
          service + " environment must be a mapping, found " + environment);
      ((Map<?, ?>) environment).forEach((key, value) -> result.put(String.valueOf(key), String.valueOf(value)));
    }
    return result;
  }
}
