package org.pd1response.clinical.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.pd1response.clinical.inference.config.ClinicalInferenceConfig;
import org.pd1response.clinical.model.ClinicalModel;
import org.pd1response.contracts.events.ModelPublished.ModelKind;
import org.pd1response.storage.ModelIntegrityException;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.RegisteredModel;

/**
 * Owns the clinical model that serves: loads it from the registry at start-up (pinned version, or
 * the name's current version), and switches to a newly promoted version without a restart. The
 * registry checks the model bytes against the card's SHA-256; a model that fails that check, or
 * that is not a CLINICAL JSON model, never serves. A clinical model is immutable plain data, so a
 * switch is one reference swap and a record in flight finishes with the model it started with.
 */
@ApplicationScoped
public class ClinicalModelManager {

  private static final Logger LOG = Logger.getLogger(ClinicalModelManager.class);

  private final ModelRegistry registry;
  private final ClinicalInferenceConfig config;
  private final MeterRegistry meters;
  private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "clinical-model-loader");
    thread.setDaemon(true);
    return thread;
  });

  private ServedModel served;
  private String lastError = "model not loaded yet";

  /** Whether a model serves, and which one or why not. */
  public record Status(boolean ready, String name, String version, String sha256, String classifier, String error) {}

  public ClinicalModelManager(ModelRegistry registry, ClinicalInferenceConfig config, MeterRegistry meters) {
    this.registry = registry;
    this.config = config;
    this.meters = meters;
    meters.gauge("clinical.model.ready", this, manager -> manager.status().ready() ? 1 : 0);
  }

  void onStart(@Observes StartupEvent event) {
    loader.execute(this::loadConfigured);
  }

  void onStop(@Observes ShutdownEvent event) {
    loader.shutdownNow();
  }

  /**
   * Returns the serving model, waiting up to {@code wait} for the first one to load.
   *
   * @return empty when no model serves within {@code wait}
   */
  public synchronized Optional<ServedModel> await(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (served == null) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
    return Optional.of(served);
  }

  public synchronized Status status() {
    if (served == null) {
      return new Status(false, config.model().name(), null, null, null, lastError);
    }
    return new Status(true, served.ref().name(), served.ref().version(), served.ref().sha256(),
        served.model().classifier().getClass().getSimpleName(), null);
  }

  /**
   * Reacts to a model-published event: loads the configured name's current version when it
   * differs from the served one. A pinned version ignores promotions; a version that fails to load
   * leaves the served model in place.
   */
  public synchronized void onModelPublished(String modelName) {
    if (!config.model().name().equals(modelName)) {
      return;
    }
    if (config.model().version().isPresent()) {
      LOG.debugf("Ignoring a publication of %s because version %s is pinned", modelName, config.model().version().get());
      return;
    }
    Optional<String> current = registry.currentVersion(modelName);
    if (current.isEmpty() || current.get().equals(status().version())) {
      return;
    }
    load(current.get());
  }

  private synchronized void loadConfigured() {
    String name = config.model().name();
    try {
      String version = config.model().version().orElseGet(() -> registry.currentVersion(name).orElseThrow(
          () -> new ModelIntegrityException("model " + name + " has no current version in the registry; publish one")));
      load(version);
    } catch (RuntimeException e) {
      recordFailure(name, "none", e);
    }
  }

  private synchronized void load(String version) {
    String name = config.model().name();
    ClinicalModel model;
    RegisteredModel registered;
    try {
      registered = registry.load(name, version);
      requireClinicalJson(registered);
      model = ClinicalModel.fromJson(registered.modelBytes());
    } catch (RuntimeException e) {
      recordFailure(name, version, e);
      return;
    }
    served = new ServedModel(registered.ref(), model);
    lastError = null;
    meters.counter("clinical.model.loads", "model", name, "version", version, "outcome", "loaded").increment();
    LOG.infof("Serving clinical model %s %s (SHA-256 %s): %s on %d selected features %s of schema %s, threshold %.4f",
        name, version, registered.sha256(), model.classifier().getClass().getSimpleName(), model.selected().size(),
        model.selected(), model.schema().name(), model.threshold());
    notifyAll();
  }

  private static void requireClinicalJson(RegisteredModel registered) {
    JsonNode card = registered.card();
    if (registered.kind() != ModelKind.CLINICAL) {
      throw new ModelIntegrityException("card kind of model " + registered.name() + " " + registered.version()
          + " must be CLINICAL, found " + registered.kind());
    }
    String format = card.path("format").asText();
    if (!"JSON".equals(format)) {
      throw new ModelIntegrityException("card format of model " + registered.name() + " " + registered.version()
          + " must be JSON, found " + format);
    }
  }

  private void recordFailure(String name, String version, Exception e) {
    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
    meters.counter("clinical.model.loads", "model", name, "version", version, "outcome", "failed").increment();
    LOG.errorf(e, "Loading clinical model %s %s failed; %s. Publish a valid version or fix the registry entry.",
        name, version, served == null ? "the service stays unready" : "the service keeps serving " + served.ref().version());
  }
}
