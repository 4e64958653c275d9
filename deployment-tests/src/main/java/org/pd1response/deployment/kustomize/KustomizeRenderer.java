package org.pd1response.deployment.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders a Kustomize directory into the resources that {@code kubectl kustomize} would print, so
 * that the manifests can be checked on machines without kubectl.
 *
 * <p>It supports the subset of Kustomize that deploy/kubernetes uses: {@code resources} (files and
 * directories), {@code components}, {@code configMapGenerator} with {@code files} and
 * {@code literals} under {@code disableNameSuffixHash}, {@code patches} (strategic merge and JSON
 * 6902, with a target of group, version, kind and exact name), {@code images} and
 * {@code namespace}. Any other field, a target with a label selector and the JSON patch operations
 * {@code move}, {@code copy} and {@code test} are rejected with an error instead of being ignored.
 * Strategic merge follows {@link StrategicMerge}, which uses the merge keys of the fields in pod
 * templates, not the whole Kubernetes schema.
 */
public final class KustomizeRenderer {

  private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources",
      "components", "patches", "images", "configMapGenerator", "generatorOptions");

  /** Kinds that have no namespace; every other kind, custom resources included, gets one. */
  private static final Set<String> CLUSTER_SCOPED_KINDS = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
      "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Renders the kustomization in {@code directory} with everything it includes. */
  public List<ObjectNode> render(Path directory) {
    return build(directory, "Kustomization");
  }

  /**
   * Parses every document of a multi-document YAML file, skipping empty documents. A document that
   * is a list stays one list, unlike {@code ObjectReader.readValues}, which would unwrap it.
   */
  public static List<JsonNode> readDocuments(Path file) {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> result = new ArrayList<>();
      while (parser.nextToken() != null) {
        JsonNode document = YAML.readTree(parser);
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          result.add(document);
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("reading YAML file " + file + " failed", e);
    }
  }

  private List<ObjectNode> build(Path directory, String expectedKind) {
    Path file = directory.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("expected a kustomization.yaml in " + directory + ", found none");
    }
    ObjectNode kustomization = single(file);
    checkFields(file, kustomization, expectedKind);

    List<ObjectNode> resources = new ArrayList<>();
    for (String entry : strings(kustomization, "resources")) {
      Path path = directory.resolve(entry).normalize();
      if (Files.isDirectory(path)) {
        resources.addAll(build(path, "Kustomization"));
      } else {
        resources.addAll(resourcesOf(path));
      }
    }
    resources.addAll(ConfigMapGenerator.generate(directory, kustomization));
    for (String entry : strings(kustomization, "components")) {
      applyComponent(directory.resolve(entry).normalize(), resources);
    }
    applyTransformers(directory, kustomization, resources);
    return resources;
  }

  private void applyComponent(Path directory, List<ObjectNode> resources) {
    Path file = directory.resolve("kustomization.yaml");
    ObjectNode component = single(file);
    checkFields(file, component, "Component");
    for (String entry : strings(component, "resources")) {
      resources.addAll(resourcesOf(directory.resolve(entry).normalize()));
    }
    resources.addAll(ConfigMapGenerator.generate(directory, component));
    applyTransformers(directory, component, resources);
  }

  private static void applyTransformers(Path directory, ObjectNode kustomization, List<ObjectNode> resources) {
    for (JsonNode patch : kustomization.path("patches")) {
      Patches.apply(directory, patch, resources);
    }
    for (JsonNode image : kustomization.path("images")) {
      Images.apply(image, resources);
    }
    if (kustomization.hasNonNull("namespace")) {
      setNamespace(kustomization.get("namespace").asText(), resources);
    }
  }

  private static void setNamespace(String namespace, List<ObjectNode> resources) {
    for (ObjectNode resource : resources) {
      String kind = resource.path("kind").asText();
      if (!CLUSTER_SCOPED_KINDS.contains(kind)) {
        ((ObjectNode) resource.with("metadata")).put("namespace", namespace);
      }
      if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
        for (JsonNode subject : resource.path("subjects")) {
          if (subject.path("kind").asText().equals("ServiceAccount")) {
            ((ObjectNode) subject).put("namespace", namespace);
          }
        }
      }
    }
  }

  private static List<ObjectNode> resourcesOf(Path file) {
    List<ObjectNode> resources = new ArrayList<>();
    for (JsonNode document : readDocuments(file)) {
      if (!document.isObject() || !document.hasNonNull("kind") || !document.path("metadata").hasNonNull("name")) {
        throw new IllegalArgumentException(
            "expected a Kubernetes resource with kind and metadata.name in " + file + ", found: " + document);
      }
      resources.add((ObjectNode) document);
    }
    return resources;
  }

  private static ObjectNode single(Path file) {
    List<JsonNode> documents = readDocuments(file);
    if (documents.size() != 1 || !documents.get(0).isObject()) {
      throw new IllegalArgumentException("expected one YAML mapping in " + file + ", found " + documents.size()
          + " documents");
    }
    return (ObjectNode) documents.get(0);
  }

  private static void checkFields(Path file, ObjectNode kustomization, String expectedKind) {
    String kind = kustomization.path("kind").asText(expectedKind);
    if (!kind.equals(expectedKind)) {
      throw new IllegalArgumentException("expected kind " + expectedKind + " in " + file + ", found " + kind);
    }
    kustomization.fieldNames().forEachRemaining(field -> {
      if (!KUSTOMIZATION_FIELDS.contains(field)) {
        throw new UnsupportedOperationException("kustomization field '" + field + "' in " + file
            + " is not supported by this renderer; supported: " + KUSTOMIZATION_FIELDS);
      }
    });
    JsonNode options = kustomization.path("generatorOptions");
    if (kustomization.has("configMapGenerator") && !options.path("disableNameSuffixHash").asBoolean(false)) {
      throw new UnsupportedOperationException("configMapGenerator in " + file
          + " needs generatorOptions.disableNameSuffixHash: true; hashed names are not rendered");
    }
  }

  static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    JsonNode array = node.path(field);
    if (!array.isMissingNode() && !array.isArray()) {
      throw new IllegalArgumentException("expected '" + field + "' to be a list, found " + array.getNodeType());
    }
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
