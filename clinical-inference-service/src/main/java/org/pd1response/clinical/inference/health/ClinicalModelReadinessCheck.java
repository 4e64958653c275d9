package org.pd1response.clinical.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.pd1response.clinical.inference.model.ClinicalModelManager;

/** The service is ready only while a verified clinical model serves. */
@Readiness
@ApplicationScoped
public class ClinicalModelReadinessCheck implements HealthCheck {

  private final ClinicalModelManager models;

  public ClinicalModelReadinessCheck(ClinicalModelManager models) {
    this.models = models;
  }

  @Override
  public HealthCheckResponse call() {
    ClinicalModelManager.Status status = models.status();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("clinical-model")
        .status(status.ready())
        .withData("name", status.name());
    if (status.ready()) {
      return response.withData("version", status.version())
          .withData("sha256", status.sha256())
          .withData("classifier", status.classifier())
          .build();
    }
    return response.withData("error", status.error()).build();
  }
}
