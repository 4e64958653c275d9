package org.pd1response.deployment.kustomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeRendererTest {

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: scorer
      spec:
        template:
          spec:
            nodeSelector:
              gpu: "true"
            containers:
              - name: scorer
                image: example/scorer:1.0
                env:
                  - name: PROVIDER
                    value: CUDA
                  - name: THREADS
                    value: "2"
              - name: sidecar
                image: example/sidecar:2.0
      """;

  private static final String TOPIC = """
      apiVersion: kafka.strimzi.io/v1beta2
      kind: KafkaTopic
      metadata:
        name: scores
      spec:
        partitions: 6
        config:
          retention.ms: "1000"
      """;

  private static final String ROLE_BINDING = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: reader
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: reader
      subjects:
        - kind: ServiceAccount
          name: reader
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: team
      """;

  @TempDir
  Path folder;

  @Test
  void strategicMergeMergesContainersAndEnvByName() throws IOException {
    // Given
    write("deployment.yaml", DEPLOYMENT);
    write("patch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: scorer
        spec:
          template:
            spec:
              containers:
                - name: scorer
                  env:
                    - name: PROVIDER
                      value: CPU
      """);
    write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n");

    // When
    JsonNode containers = only(render()).at("/spec/template/spec/containers");

    // Then
    assertEquals(2, containers.size(), "the sidecar stays");
    assertEquals("example/scorer:1.0", containers.get(0).path("image").asText(), "unpatched fields stay");
    assertEquals("CPU", containers.get(0).at("/env/0/value").asText(), "PROVIDER replaced by name");
    assertEquals("2", containers.get(0).at("/env/1/value").asText(), "THREADS stays");
  }

  @Test
  void strategicMergeNullRemovesField() throws IOException {
    // Given
    write("deployment.yaml", DEPLOYMENT);
    write("patch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: scorer
        spec:
          template:
            spec:
              nodeSelector: null
      """);
    write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n");

    // When
    JsonNode pod = only(render()).at("/spec/template/spec");

    // Then
    assertFalse(pod.has("nodeSelector"));
    assertEquals(2, pod.path("containers").size());
  }

  @Test
  void customResourceListsAreReplaced() throws IOException {
    // Given
    write("topic.yaml", TOPIC.replace("partitions: 6", "partitions: 6\n  hosts:\n    - name: a\n    - name: b"));
    write("patch.yaml", """
        apiVersion: kafka.strimzi.io/v1beta2
        kind: KafkaTopic
        metadata:
          name: scores
        spec:
          hosts:
            - name: c
      """);
    write("kustomization.yaml", "resources: [topic.yaml]\npatches:\n  - path: patch.yaml\n");

    // When
    JsonNode hosts = only(render()).at("/spec/hosts");

    // Then
    assertEquals(1, hosts.size(), "a custom resource's list is replaced, not merged by name");
    assertEquals("c", hosts.get(0).path("name").asText());
  }

  @Test
  void jsonPatchRemovesAndReplacesInTargets() throws IOException {
    // Given
    write("resources.yaml", DEPLOYMENT + "---\n" + TOPIC);
    write("ops.yaml", """
        - op: remove
          path: /spec/template/spec/nodeSelector
        - op: replace
          path: /spec/template/spec/containers/0/env/0/value
          value: CPU
        - op: add
          path: /spec/template/spec/containers/0/env/-
          value: {name: EXTRA, value: "1"}
      """);
    write("kustomization.yaml", """
        resources: [resources.yaml]
        patches:
          - path: ops.yaml
            target: {group: apps, kind: Deployment, name: scorer}
        """);

    // When
    List<ObjectNode> rendered = render();

    // Then
    JsonNode pod = rendered.get(0).at("/spec/template/spec");
    assertFalse(pod.has("nodeSelector"));
    assertEquals("CPU", pod.at("/containers/0/env/0/value").asText());
    assertEquals("EXTRA", pod.at("/containers/0/env/2/name").asText());
    assertEquals(6, rendered.get(1).at("/spec/partitions").asInt(), "the KafkaTopic is outside the target");
  }

  @Test
  void jsonPatchOnMissingPathFails() throws IOException {
    // Given
    write("deployment.yaml", DEPLOYMENT);
    write("ops.yaml", "- op: replace\n  path: /spec/replicas\n  value: 3\n");
    write("kustomization.yaml", """
        resources: [deployment.yaml]
        patches:
          - path: ops.yaml
            target: {kind: Deployment}
        """);

    // When
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, this::render);

    // Then
    assertTrue(error.getMessage().contains("/spec/replicas"), error.getMessage());
  }

  @Test
  void patchMatchingNothingFails() throws IOException {
    // Given
    write("deployment.yaml", DEPLOYMENT);
    write("ops.yaml", "- op: remove\n  path: /spec\n");
    write("kustomization.yaml", """
        resources: [deployment.yaml]
        patches:
          - path: ops.yaml
            target: {kind: StatefulSet}
        """);

    // When
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, this::render);

    // Then
    assertTrue(error.getMessage().contains("matched no resource"), error.getMessage());
  }

  @Test
  void imagesRewriteOnlyMatchingRepository() throws IOException {
    // Given
    write("deployment.yaml", DEPLOYMENT);
    write("kustomization.yaml", """
        resources: [deployment.yaml]
        images:
          - name: example/scorer
            newName: registry.test:5000/example/scorer
            newTag: "1.1"
          - name: scorer
            newTag: "9.9"
        """);

    // When
    JsonNode containers = only(render()).at("/spec/template/spec/containers");

    // Then
    assertEquals("registry.test:5000/example/scorer:1.1", containers.get(0).path("image").asText());
    assertEquals("example/sidecar:2.0", containers.get(1).path("image").asText());
  }

  @Test
  void namespaceSkipsClusterScopedKinds() throws IOException {
    // Given
    write("rbac.yaml", ROLE_BINDING);
    write("kustomization.yaml", "namespace: pipeline\nresources: [rbac.yaml]\n");

    // When
    List<ObjectNode> rendered = render();

    // Then
    assertEquals("pipeline", rendered.get(0).at("/metadata/namespace").asText());
    assertEquals("pipeline", rendered.get(0).at("/subjects/0/namespace").asText(), "ServiceAccount subject");
    assertTrue(rendered.get(1).at("/metadata/namespace").isMissingNode(), "a Namespace has no namespace");
  }

  @Test
  void componentsAndGeneratorsAreApplied() throws IOException {
    // Given
    write("base/deployment.yaml", DEPLOYMENT);
    write("base/settings.txt", "a=1\n");
    write("base/kustomization.yaml", """
        resources: [deployment.yaml]
        generatorOptions: {disableNameSuffixHash: true}
        configMapGenerator:
          - name: settings
            files: [settings.txt]
            literals: [MODE=dev]
        """);
    write("cpu/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        images:
          - name: example/scorer
            newTag: cpu
        """);
    write("overlay/kustomization.yaml", "resources: [../base]\ncomponents: [../cpu]\n");

    // When
    List<ObjectNode> rendered = new KustomizeRenderer().render(folder.resolve("overlay"));

    // Then
    assertEquals("example/scorer:cpu", rendered.get(0).at("/spec/template/spec/containers/0/image").asText());
    assertEquals("a=1\n", rendered.get(1).at("/data/settings.txt").asText());
    assertEquals("dev", rendered.get(1).at("/data/MODE").asText());
  }

  @Test
  void unsupportedFieldIsRejected() throws IOException {
    // Given
    write("deployment.yaml", DEPLOYMENT);
    write("kustomization.yaml", "resources: [deployment.yaml]\ncommonLabels:\n  team: a\n");

    // When
    UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class, this::render);

    // Then
    assertTrue(error.getMessage().contains("commonLabels"), error.getMessage());
  }

  private List<ObjectNode> render() {
    return new KustomizeRenderer().render(folder);
  }

  private static ObjectNode only(List<ObjectNode> resources) {
    assertEquals(1, resources.size(), "rendered resources");
    return resources.get(0);
  }

  private void write(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
