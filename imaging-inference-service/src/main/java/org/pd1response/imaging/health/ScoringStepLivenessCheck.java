package org.pd1response.imaging.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;
import org.pd1response.imaging.config.ImagingInferenceConfig;
import org.pd1response.imaging.messaging.ImagePreprocessedConsumer;
import org.pd1response.imaging.messaging.StepWatch;

/**
 * Liveness is DOWN while one step of the scoring pipeline has worked on one batch for longer than
 * {@code pipeline.imaging.batch.step-timeout}. Such a batch blocks every later one, because
 * batches are acknowledged in order. Kubernetes then restarts the pod, and the broker
 * redelivers the unacknowledged batches to the new one.
 */
@Liveness
@ApplicationScoped
public class ScoringStepLivenessCheck implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(ScoringStepLivenessCheck.class);

  private final ImagePreprocessedConsumer consumer;
  private final Duration timeout;
  private final AtomicBoolean reported = new AtomicBoolean();

  public ScoringStepLivenessCheck(ImagePreprocessedConsumer consumer, ImagingInferenceConfig config) {
    this.consumer = consumer;
    this.timeout = config.batch().stepTimeout();
  }

  @Override
  public HealthCheckResponse call() {
    Optional<StepWatch.Running> stuck = consumer.steps().longestOver(timeout);
    if (stuck.isEmpty()) {
      reported.set(false);
      return HealthCheckResponse.named("imaging-scoring-steps").up().withData("step-timeout", timeout.toString())
          .build();
    }
    StepWatch.Running step = stuck.get();
    if (reported.compareAndSet(false, true)) {
      LOG.errorf("The %s step has worked on batch %d for %d s, longer than the step timeout %s; liveness is DOWN"
          + " so that the service is restarted", step.step(), step.batchSequence(), step.elapsed().toSeconds(), timeout);
    }
    return HealthCheckResponse.named("imaging-scoring-steps").down()
        .withData("step", step.step())
        .withData("batch", step.batchSequence())
        .withData("seconds", step.elapsed().toSeconds())
        .withData("step-timeout", timeout.toString())
        .build();
  }
}
