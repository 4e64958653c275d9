package org.pd1response.ensemble.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness follows the Kafka Streams client state. Quarkus' own state check is a liveness check,
 * and its readiness check covers only the existence of the topics. A rebalance counts as ready
 * because it is short and routine. A client that is starting, shutting down or failed is not ready.
 */
@Readiness
@ApplicationScoped
public class KafkaStreamsReadinessCheck implements HealthCheck {

  private final KafkaStreams streams;

  public KafkaStreamsReadinessCheck(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    return HealthCheckResponse.named("kafka-streams-state")
        .status(state.isRunningOrRebalancing())
        .withData("state", state.name())
        .build();
  }
}
