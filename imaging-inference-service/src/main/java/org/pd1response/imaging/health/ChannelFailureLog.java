package org.pd1response.imaging.health;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.pd1response.imaging.config.ImagingInferenceConfig;

/**
 * Logs an error once for each messaging channel that the connector has failed. A failed channel
 * delivers no more messages and never recovers in the running service. SmallRye Reactive
 * Messaging then reports the channel DOWN in {@code /q/health/live}, so Kubernetes restarts the
 * pod, but the Kafka connector (smallrye-reactive-messaging-kafka 4.33) logs the reason only at
 * WARN. This check runs on a timer because a liveness probe may never come.
 */
@ApplicationScoped
public class ChannelFailureLog {

  private static final Logger LOG = Logger.getLogger(ChannelFailureLog.class);

  private final HealthCenter health;
  private final ImagingInferenceConfig config;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imaging-channel-check");
    thread.setDaemon(true);
    return thread;
  });

  public ChannelFailureLog(HealthCenter health, ImagingInferenceConfig config) {
    this.health = health;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    long period = config.channels().failureCheckInterval().toMillis();
    timer.scheduleWithFixedDelay(this::logFailedChannels, period, period, TimeUnit.MILLISECONDS);
  }

  /** Logs each channel that the liveness report names as failed and that was not logged before. */
  void logFailedChannels() {
    try {
      HealthReport liveness = health.getLiveness();
      for (HealthReport.ChannelInfo channel : liveness.getChannels()) {
        if (!channel.isOk() && reported.add(channel.getChannel())) {
          LOG.error(String.format("Messaging channel %s failed and delivers no more messages. Liveness is DOWN until"
              + " the service restarts. Reason: %s", channel.getChannel(), channel.getMessage()));
        }
      }
    } catch (RuntimeException e) {
      // Keeps the timer alive: a scheduled task that throws is never run again.
      LOG.warn("Checking the messaging channels' liveness failed", e);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
