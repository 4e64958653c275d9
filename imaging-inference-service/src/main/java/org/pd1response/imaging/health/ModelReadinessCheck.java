package org.pd1response.imaging.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.pd1response.imaging.model.ModelManager;

/** The service is ready only while a verified, warmed-up model serves. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

  private final ModelManager models;

  public ModelReadinessCheck(ModelManager models) {
    this.models = models;
  }

  @Override
  public HealthCheckResponse call() {
    ModelManager.Status status = models.status();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("imaging-model")
        .status(status.ready())
        .withData("name", status.name());
    if (status.ready()) {
      return response.withData("version", status.version())
          .withData("sha256", status.sha256())
          .withData("provider", status.provider())
          .withData("fallback", status.fallback())
          .build();
    }
    return response.withData("error", status.error()).build();
  }
}
