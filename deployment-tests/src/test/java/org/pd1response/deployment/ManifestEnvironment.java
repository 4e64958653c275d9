package org.pd1response.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a container gets from its manifest: ConfigMaps named in envFrom first, then its
 * own env entries. A value taken from a Secret reads {@code secret:NAME/KEY}.
 */
final class ManifestEnvironment {

  static final String FROM_SECRET = "secret:";

  private ManifestEnvironment() {}

  static Map<String, String> of(RenderedManifests manifests, String deployment) {
    Container container = manifests.get(Deployment.class, deployment).getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    return ofContainer(manifests, container);
  }

  static Map<String, String> ofContainer(RenderedManifests manifests, Container container) {
    Map<String, String> environment = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource source : container.getEnvFrom()) {
        if (source.getConfigMapRef() == null) {
          throw new AssertionError("container " + container.getName() + " takes envFrom a "
              + (source.getSecretRef() != null ? "Secret" : "source") + "; only ConfigMaps are expected");
        }
        environment.putAll(manifests.get(ConfigMap.class, source.getConfigMapRef().getName()).getData());
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
          var reference = variable.getValueFrom().getSecretKeyRef();
          environment.put(variable.getName(), FROM_SECRET + reference.getName() + "/" + reference.getKey());
        } else {
          environment.put(variable.getName(), variable.getValue());
        }
      }
    }
    return environment;
  }
}
