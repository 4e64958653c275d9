package org.pd1response.deployment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pd1response.deployment.kustomize.KustomizeRenderer;

/**
 * The resources of one rendered kustomization as typed fabric8 objects: built-in kinds as their
 * model classes, Strimzi and KEDA kinds as {@link GenericKubernetesResource}.
 */
public final class RenderedManifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final String name;
  private final List<HasMetadata> resources;

  private RenderedManifests(String name, List<HasMetadata> resources) {
    this.name = name;
    this.resources = List.copyOf(resources);
  }

  /** Renders {@code deploy/kubernetes/<relativeDirectory>} below the repository root. */
  public static RenderedManifests render(Path repositoryRoot, String relativeDirectory) {
    Path directory = repositoryRoot.resolve("deploy/kubernetes").resolve(relativeDirectory);
    List<HasMetadata> typed = new ArrayList<>();
    for (ObjectNode node : new KustomizeRenderer().render(directory)) {
      typed.add(SERIALIZATION.unmarshal(node.toString()));
    }
    return new RenderedManifests(relativeDirectory, typed);
  }

  /** Returns the rendered directory, relative to deploy/kubernetes, for assertion messages. */
  public String name() {
    return name;
  }

  public List<HasMetadata> all() {
    return resources;
  }

  public <T extends HasMetadata> List<T> ofType(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Custom resources of one kind, such as {@code KafkaTopic} or {@code ScaledObject}. */
  public List<GenericKubernetesResource> custom(String kind) {
    return ofType(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
  }

  public <T extends HasMetadata> Optional<T> find(Class<T> type, String resourceName) {
    return ofType(type).stream().filter(r -> r.getMetadata().getName().equals(resourceName)).findFirst();
  }

  public <T extends HasMetadata> T get(Class<T> type, String resourceName) {
    return find(type, resourceName).orElseThrow(() -> new IllegalStateException(
        "expected " + type.getSimpleName() + " " + resourceName + " in " + name + ", found none"));
  }

  /** Pod templates of every Deployment, StatefulSet and Job, keyed by "Kind/name". */
  public Map<String, PodTemplateSpec> podTemplates() {
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
    ofType(Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(),
        d.getSpec().getTemplate()));
    ofType(StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(),
        s.getSpec().getTemplate()));
    ofType(Job.class).forEach(j -> templates.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
    return templates;
  }
}
