package org.pd1response.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.pd1response.storage.ObjectStore;

/** Readiness follows the object store: a service that cannot read or write objects takes no traffic. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

  private final ObjectStore store;

  public ObjectStoreHealthCheck(ObjectStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("object-store")
        .status(store.isReachable())
        .withData("endpoint", store.settings().endpoint())
        .build();
  }
}
