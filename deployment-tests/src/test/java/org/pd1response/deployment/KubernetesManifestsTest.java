package org.pd1response.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pd1response.contracts.TopicSpec;
import org.pd1response.contracts.Topics;

/** Invariants of the rendered Kubernetes manifests, checked for the base and both overlays. */
class KubernetesManifestsTest {

  private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

  /** Environment variable names that carry credentials or keys and must come from a Secret. */
  private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|ACCESS_KEY|_KEY$).*");

  private static final List<String> STAGE_KEYS = List.of("KAFKA_BOOTSTRAP_SERVERS", "PIPELINE_STORAGE_ENDPOINT",
      "PIPELINE_STORAGE_ACCESS_KEY", "PIPELINE_STORAGE_SECRET_KEY", "PIPELINE_STORAGE_ORIGINALS_BUCKET",
      "PIPELINE_STORAGE_DERIVED_BUCKET", "PIPELINE_STORAGE_CREATE_BUCKETS", "QUARKUS_HTTP_PORT");

  static RenderedManifests rendered(String directory) {
    return RENDERED.computeIfAbsent(directory, d -> RenderedManifests.render(Repository.root(), d));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void everyLongRunningContainerHasProbesRequestsAndLimits(String directory) {
    RenderedManifests manifests = rendered(directory);
    for (Map.Entry<String, PodTemplateSpec> workload : manifests.podTemplates().entrySet()) {
      boolean runToCompletion = workload.getKey().startsWith("Job/");
      for (Container container : workload.getValue().getSpec().getContainers()) {
        String where = directory + " " + workload.getKey() + " container " + container.getName();
        if (!runToCompletion) {
          assertNotNull(container.getLivenessProbe(), where + ": livenessProbe");
          assertNotNull(container.getReadinessProbe(), where + ": readinessProbe");
        }
        ResourceRequirements resources = container.getResources();
        assertNotNull(resources, where + ": resources");
        for (String resource : List.of("cpu", "memory")) {
          assertNotNull(resources.getRequests().get(resource), where + ": requests." + resource);
          assertNotNull(resources.getLimits().get(resource), where + ": limits." + resource);
          assertTrue(bytesOrCores(resources.getRequests().get(resource))
              <= bytesOrCores(resources.getLimits().get(resource)), where + ": requests." + resource + " <= limits");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void stageServicesProbeHealthAndExposeMetrics(String directory) {
    RenderedManifests manifests = rendered(directory);
    for (String name : StageConsumers.DEPLOYMENTS) {
      Deployment deployment = manifests.get(Deployment.class, name);
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath(), name + " liveness");
      assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath(), name + " readiness");
      assertEquals(8080, container.getPorts().get(0).getContainerPort(), name + " container port");
      Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
      assertEquals("true", annotations.get("prometheus.io/scrape"), name + " scrape annotation");
      assertEquals("/q/metrics", annotations.get("prometheus.io/path"), name + " metrics path");
      assertEquals("8080", annotations.get("prometheus.io/port"), name + " metrics port");
      assertNull(deployment.getSpec().getReplicas(), name + " leaves its replica count to KEDA");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void stageServicesGetEveryConfigurationKey(String directory) {
    RenderedManifests manifests = rendered(directory);
    Map<String, String> shared = manifests.get(ConfigMap.class, "pipeline-config").getData();
    assertEquals("false", shared.get("PIPELINE_STORAGE_CREATE_BUCKETS"), "buckets come from the setup Job");
    assertEquals("pd1-originals", shared.get("PIPELINE_STORAGE_ORIGINALS_BUCKET"));
    assertEquals("pd1-derived", shared.get("PIPELINE_STORAGE_DERIVED_BUCKET"));
    assertEquals("8080", shared.get("QUARKUS_HTTP_PORT"));
    for (String name : StageConsumers.DEPLOYMENTS) {
      Map<String, String> keys = ManifestEnvironment.of(manifests, name);
      for (String key : STAGE_KEYS) {
        assertTrue(keys.containsKey(key), directory + " " + name + " sets " + key);
      }
    }
    Map<String, String> ingest = ManifestEnvironment.of(manifests, "ingest-service");
    assertEquals(ManifestEnvironment.FROM_SECRET + "pd1-pseudonymisation/key", ingest.get("PIPELINE_PSEUDONYMISATION_KEY"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void noLiteralSecretValues(String directory) {
    RenderedManifests manifests = rendered(directory);
    assertTrue(manifests.ofType(Secret.class).isEmpty(),
        directory + " defines no Secret; the operator creates them (deploy/README.md)");
    for (ConfigMap configMap : manifests.ofType(ConfigMap.class)) {
      for (String key : configMap.getData().keySet()) {
        assertFalse(SECRET_NAME.matcher(key).matches(), directory + " ConfigMap " + configMap.getMetadata().getName()
            + " holds credential-like key " + key);
      }
    }
    for (Map.Entry<String, PodTemplateSpec> workload : manifests.podTemplates().entrySet()) {
      for (Container container : workload.getValue().getSpec().getContainers()) {
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
          if (SECRET_NAME.matcher(variable.getName()).matches()) {
            assertNull(variable.getValue(), directory + " " + workload.getKey() + " " + variable.getName()
                + " has a literal value");
            assertNotNull(variable.getValueFrom().getSecretKeyRef(), directory + " " + workload.getKey() + " "
                + variable.getName() + " comes from a Secret");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void everyCatalogueTopicHasKafkaTopic(String directory) {
    RenderedManifests manifests = rendered(directory);
    String cluster = manifests.custom("Kafka").get(0).getMetadata().getName();
    Map<String, GenericKubernetesResource> topics = manifests.custom("KafkaTopic").stream()
        .collect(Collectors.toMap(t -> (String) spec(t).get("topicName"), t -> t));
    assertEquals(Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet()), topics.keySet(),
        directory + " KafkaTopics against the catalogue");
    int brokers = ((Number) spec(manifests.custom("KafkaNodePool").get(0)).get("replicas")).intValue();
    for (TopicSpec expected : Topics.all()) {
      GenericKubernetesResource topic = topics.get(expected.name());
      Map<String, Object> spec = spec(topic);
      assertEquals(cluster, topic.getMetadata().getLabels().get("strimzi.io/cluster"), expected.name() + " cluster");
      assertEquals(expected.partitions(), ((Number) spec.get("partitions")).intValue(), expected.name() + " partitions");
      int replicas = ((Number) spec.get("replicas")).intValue();
      assertTrue(replicas <= brokers, expected.name() + " replicas " + replicas + " <= brokers " + brokers);
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) spec.get("config");
      expected.kafkaConfig().forEach((key, value) ->
          assertEquals(value, String.valueOf(config.get(key)), directory + " " + expected.name() + " " + key));
      int minInsync = Integer.parseInt(String.valueOf(config.get("min.insync.replicas")));
      assertTrue(minInsync <= replicas, expected.name() + " min.insync.replicas " + minInsync + " <= " + replicas);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void everyConsumerScalesOnItsOwnTopicsAndGroup(String directory) {
    RenderedManifests manifests = rendered(directory);
    List<GenericKubernetesResource> scaledObjects = manifests.custom("ScaledObject");
    assertEquals(StageConsumers.ALL.size(), scaledObjects.size(), directory + " ScaledObjects");
    String bootstrap = manifests.get(ConfigMap.class, "pipeline-config").getData().get("KAFKA_BOOTSTRAP_SERVERS");
    for (StageConsumers.StageConsumer consumer : StageConsumers.ALL) {
      GenericKubernetesResource scaled = scaledObjects.stream()
          .filter(s -> consumer.deployment().equals(((Map<?, ?>) spec(s).get("scaleTargetRef")).get("name")))
          .findFirst().orElseThrow(() -> new AssertionError(directory + ": no ScaledObject for " + consumer.deployment()));
      manifests.get(Deployment.class, consumer.deployment());
      Set<String> topics = new HashSet<>();
      for (Object trigger : (List<?>) spec(scaled).get("triggers")) {
        Map<?, ?> triggerMap = (Map<?, ?>) trigger;
        Map<?, ?> metadata = (Map<?, ?>) triggerMap.get("metadata");
        assertEquals("kafka", triggerMap.get("type"), consumer.deployment() + " trigger type");
        assertEquals(consumer.group(), metadata.get("consumerGroup"), consumer.deployment() + " consumer group");
        assertTrue(String.valueOf(metadata.get("bootstrapServers")).startsWith(bootstrap.split(":")[0]),
            consumer.deployment() + " scaler reads the services' broker " + bootstrap);
        topics.add(String.valueOf(metadata.get("topic")));
      }
      assertEquals(Set.copyOf(consumer.topics()), topics, consumer.deployment() + " scales on its own topics");
      int partitions = consumer.topics().stream().mapToInt(KubernetesManifestsTest::partitions).min().orElseThrow();
      int max = ((Number) spec(scaled).get("maxReplicaCount")).intValue();
      int min = ((Number) spec(scaled).get("minReplicaCount")).intValue();
      assertTrue(max <= partitions, directory + " " + consumer.deployment() + " maxReplicaCount " + max
          + " <= partitions " + partitions);
      assertTrue(min >= 1, directory + " " + consumer.deployment() + " minReplicaCount " + min + " >= 1");
      assertTrue(min <= max, directory + " " + consumer.deployment() + " minReplicaCount " + min + " <= " + max);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void everyStageHasDisruptionBudget(String directory) {
    RenderedManifests manifests = rendered(directory);
    for (String name : StageConsumers.DEPLOYMENTS) {
      PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, name);
      Map<String, String> podLabels = manifests.get(Deployment.class, name).getSpec().getTemplate().getMetadata()
          .getLabels();
      budget.getSpec().getSelector().getMatchLabels().forEach((key, value) ->
          assertEquals(value, podLabels.get(key), name + " budget selects the stage's pods by " + key));
      assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), name + " maxUnavailable");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void imagingInferenceRunsOnGpuNodes(String directory) {
    Deployment imaging = rendered(directory).get(Deployment.class, "imaging-inference-service");
    var pod = imaging.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertEquals(new Quantity("1"), container.getResources().getLimits().get("nvidia.com/gpu"), "GPU limit");
    assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"), "GPU node selector");
    assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())
        && "NoSchedule".equals(t.getEffect())), "toleration of the GPU taint");
    assertEquals("CUDA", ManifestEnvironment.of(rendered(directory), imaging.getMetadata().getName())
        .get("PIPELINE_IMAGING_EXECUTION_PROVIDER"));
    assertTrue(container.getImage().endsWith("-gpu"), "CUDA build of the image, found " + container.getImage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/development"})
  void imagingInferenceCpuVariantNeedsNoGpu(String directory) {
    Deployment imaging = rendered(directory).get(Deployment.class, "imaging-inference-service");
    var pod = imaging.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertFalse(container.getResources().getLimits().containsKey("nvidia.com/gpu"), "no GPU limit");
    assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), "no node selector");
    assertTrue(pod.getTolerations() == null || pod.getTolerations().isEmpty(), "no tolerations");
    Map<String, String> environment = ManifestEnvironment.of(rendered(directory), "imaging-inference-service");
    assertEquals("CPU", environment.get("PIPELINE_IMAGING_EXECUTION_PROVIDER"));
    assertEquals(container.getResources().getLimits().get("cpu").getAmount(),
        environment.get("PIPELINE_IMAGING_EXECUTION_INTRA_OP_THREADS"), "one intra-op thread per CPU of the limit");
    assertFalse(container.getImage().endsWith("-gpu"), "CPU build of the image, found " + container.getImage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
  void onlyIngestMayUseTheOriginalsBucket(String directory) {
    RenderedManifests manifests = rendered(directory);
    for (String name : StageConsumers.DEPLOYMENTS) {
      String secret = ManifestEnvironment.of(manifests, name).get("PIPELINE_STORAGE_ACCESS_KEY");
      String expected = name.equals("ingest-service") ? "pd1-storage-ingest" : "pd1-storage-pipeline";
      assertEquals(ManifestEnvironment.FROM_SECRET + expected + "/access-key", secret, name + " storage user");
    }
    Map<String, String> setup = manifests.get(ConfigMap.class, "minio-policies").getData();
    MinioPolicies policies = MinioPolicies.parse(setup);
    assertEquals(Set.of("arn:aws:s3:::pd1-originals", "arn:aws:s3:::pd1-originals/*"),
        policies.resources("originals-readwrite"));
    assertEquals(Set.of("arn:aws:s3:::pd1-derived", "arn:aws:s3:::pd1-derived/*"),
        policies.resources("derived-readwrite"));
    assertEquals(Set.of("INGEST_ACCESS_KEY"), policies.usersOf("originals-readwrite"), "originals users");
    assertEquals(Set.of("INGEST_ACCESS_KEY", "PIPELINE_ACCESS_KEY"), policies.usersOf("derived-readwrite"));
    Job job = manifests.get(Job.class, "minio-setup");
    Map<String, String> jobEnvironment = ManifestEnvironment.ofContainer(manifests,
        job.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertEquals(ManifestEnvironment.FROM_SECRET + "pd1-storage-ingest/access-key", jobEnvironment.get("INGEST_ACCESS_KEY"));
    assertEquals(ManifestEnvironment.FROM_SECRET + "pd1-storage-pipeline/access-key",
        jobEnvironment.get("PIPELINE_ACCESS_KEY"));
  }

  private static int partitions(String topic) {
    return Topics.all().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow().partitions();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  private static double bytesOrCores(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity).doubleValue();
  }
}
