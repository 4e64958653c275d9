package org.pd1response.imaging.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.pd1response.imaging.config.ImagingInferenceConfig;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.RegisteredModel;

/**
 * Owns the serving imaging session. It loads the session from the registry at start-up (name and
 * version, or the name's current version). It switches to a newly promoted version without a
 * restart and closes a replaced session once the last batch using it has finished.
 *
 * <p>Batches hold a {@link Lease} for their whole run, so a batch is scored by exactly one model
 * version, and a switch never closes a session under a running batch. Until the first model is
 * loaded, the service is unready and batches wait.
 */
@ApplicationScoped
public class ModelManager {

  private static final Logger LOG = Logger.getLogger(ModelManager.class);

  private final ModelRegistry registry;
  private final ImagingInferenceConfig config;
  private final MeterRegistry meters;
  private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imaging-model-loader");
    thread.setDaemon(true);
    return thread;
  });

  private final Object loadLock = new Object();
  private final AtomicInteger openSessions = new AtomicInteger();
  private Served served;
  private String lastError = "model not loaded yet";
  private boolean shuttingDown;

  /** A loaded session with the number of batches using it. */
  private static final class Served {
    final ImagingSession session;
    int leases;
    boolean retired;

    Served(ImagingSession session) {
      this.session = session;
    }
  }

  /** A batch's hold on one session; closing it may close a session that was replaced meanwhile. */
  public final class Lease implements AutoCloseable {
    private final Served leased;
    private boolean released;

    private Lease(Served leased) {
      this.leased = leased;
    }

    public ImagingSession session() {
      return leased.session;
    }

    @Override
    public void close() {
      synchronized (ModelManager.this) {
        if (released) {
          return;
        }
        released = true;
        leased.leases--;
        if (leased.retired && leased.leases == 0) {
          closeSession(leased);
        }
      }
    }
  }

  /** Whether a model serves, and which one or why not. */
  public record Status(boolean ready, String name, String version, String sha256, String provider,
      boolean fallback, String error) {}

  public ModelManager(ModelRegistry registry, ImagingInferenceConfig config, MeterRegistry meters) {
    this.registry = registry;
    this.config = config;
    this.meters = meters;
    meters.gauge("imaging.model.ready", this, manager -> manager.status().ready() ? 1 : 0);
    meters.gauge("imaging.model.sessions.open", openSessions);
  }

  void onStart(@Observes StartupEvent event) {
    loader.execute(this::loadConfigured);
  }

  void onStop(@Observes ShutdownEvent event) {
    synchronized (this) {
      shuttingDown = true;
      notifyAll();
      if (served != null) {
        served.retired = true;
        if (served.leases == 0) {
          closeSession(served);
        }
      }
    }
    loader.shutdownNow();
  }

  /**
   * Waits until a model serves and leases it to one batch. While the service stops, no new lease
   * is given, so that a waiting batch stays unacknowledged and is redelivered after the restart.
   *
   * @return empty when no model was served within {@code wait}
   */
  public synchronized Optional<Lease> acquire(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (served == null || shuttingDown) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
    served.leases++;
    return Optional.of(new Lease(served));
  }

  public synchronized Status status() {
    if (served == null) {
      return new Status(false, config.model().name(), null, null, null, false, lastError);
    }
    ImagingSession session = served.session;
    return new Status(true, session.ref().name(), session.ref().version(), session.ref().sha256(),
        session.provider().provider(), session.provider().fallback(), null);
  }

  /**
   * Reacts to a model-published event for the served name: loads the name's current version when
   * it differs from the served one. A pinned version ignores promotions. A version that fails to
   * load leaves the served model in place.
   */
  public void onModelPublished(String modelName) {
    if (!config.model().name().equals(modelName)) {
      return;
    }
    if (config.model().version().isPresent()) {
      LOG.debugf("Ignoring a publication of %s because version %s is pinned", modelName,
          config.model().version().get());
      return;
    }
    synchronized (loadLock) {
      Optional<String> current = registry.currentVersion(modelName);
      if (current.isEmpty() || current.get().equals(status().version())) {
        return;
      }
      load(current.get());
    }
  }

  private void loadConfigured() {
    String name = config.model().name();
    try {
      String version = config.model().version().orElseGet(() -> registry.currentVersion(name).orElseThrow(
          () -> new InvalidModelException("model " + name + " has no current version in the registry; publish one")));
      load(version);
    } catch (RuntimeException e) {
      recordFailure(name, "none", e);
    }
  }

  /**
   * Loads one version and makes it serve; failures are logged and leave the served model in place.
   * Loading runs outside the serving lock, so batches go on with the old session meanwhile.
   */
  void load(String version) {
    synchronized (loadLock) {
      String name = config.model().name();
      ImagingSession session;
      try {
        RegisteredModel model = registry.load(name, version);
        ImagingModelCard card = ImagingModelCard.parse(model.card());
        session = ImagingSession.open(OrtEnvironment.getEnvironment(), model.modelBytes(), card, model.ref(),
            executionSettings(config.execution()), config.model().warmUpRuns());
      } catch (OrtException | RuntimeException e) {
        recordFailure(name, version, e);
        return;
      }
      openSessions.incrementAndGet();
      install(session);
    }
  }

  private synchronized void install(ImagingSession session) {
    if (shuttingDown) {
      session.close();
      openSessions.decrementAndGet();
      return;
    }
    Served previous = served;
    served = new Served(session);
    lastError = null;
    ProviderSelection provider = session.provider();
    meters.counter("imaging.model.loads", "model", session.ref().name(), "version", session.ref().version(),
        "provider", provider.provider(), "fallback", Boolean.toString(provider.fallback()), "outcome", "loaded")
        .increment();
    LOG.infof("Serving model %s %s (SHA-256 %s) on %s%s", session.ref().name(), session.ref().version(),
        session.ref().sha256(), provider.provider(), provider.fallback() ? " after a CUDA fallback" : "");
    if (previous != null) {
      previous.retired = true;
      if (previous.leases == 0) {
        closeSession(previous);
      }
    }
    notifyAll();
  }

  private synchronized void recordFailure(String name, String version, Exception e) {
    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
    meters.counter("imaging.model.loads", "model", name, "version", version, "provider", "none",
        "fallback", "false", "outcome", "failed").increment();
    LOG.errorf(e, "Loading model %s %s failed; %s. Publish a valid version or fix the registry entry.", name, version,
        served == null ? "the service stays unready" : "the service keeps serving " + served.session.ref().version());
  }

  private static ExecutionSettings executionSettings(ImagingInferenceConfig.ExecutionConfig execution) {
    return new ExecutionSettings(execution.provider(), execution.cudaFailure(), execution.cudaDevice(),
        execution.intraOpThreads(), execution.interOpThreads(), execution.allowSpinning());
  }

  private void closeSession(Served retired) {
    retired.session.close();
    openSessions.decrementAndGet();
    LOG.infof("Closed the session of model %s %s", retired.session.ref().name(), retired.session.ref().version());
  }
}
