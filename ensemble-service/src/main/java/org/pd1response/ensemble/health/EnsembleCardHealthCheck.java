package org.pd1response.ensemble.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.pd1response.ensemble.model.EnsembleCard;
import org.pd1response.ensemble.model.EnsembleCardHolder;

/**
 * Readiness follows the ensemble card: without it no prediction can be made. Kafka Streams state
 * and object storage have their own readiness checks (Quarkus' Kafka Streams extension and
 * stage-runtime's object-store check).
 */
@Readiness
@ApplicationScoped
public class EnsembleCardHealthCheck implements HealthCheck {

  private final EnsembleCardHolder cards;

  public EnsembleCardHealthCheck(EnsembleCardHolder cards) {
    this.cards = cards;
  }

  @Override
  public HealthCheckResponse call() {
    EnsembleCard card = cards.loadedCard();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("ensemble-card").status(card != null);
    if (card != null) {
      response.withData("name", card.ref().name()).withData("version", card.ref().version());
    }
    return response.build();
  }
}
