package org.pd1response.ensemble.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.pd1response.ensemble.config.EnsembleConfig;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.StorageException;

/**
 * Loads the ensemble card once, with bounded retries, when the topology is built at start-up.
 * Readiness reports whether it is loaded.
 */
@ApplicationScoped
public class EnsembleCardHolder {

  private static final Logger LOG = Logger.getLogger(EnsembleCardHolder.class);

  private final ModelRegistry registry;
  private final EnsembleConfig config;
  private final AtomicReference<EnsembleCard> card = new AtomicReference<>();

  public EnsembleCardHolder(ModelRegistry registry, EnsembleConfig config) {
    this.registry = registry;
    this.config = config;
  }

  /**
   * Returns the loaded card, loading it on first use.
   *
   * <p>NOTE: the card is read once. A card promoted later (announced on {@code models.published})
   * takes effect only after a restart.
   *
   * @throws IllegalStateException when the card could not be loaded within the configured attempts
   */
  public synchronized EnsembleCard card() {
    EnsembleCard loaded = card.get();
    if (loaded == null) {
      loaded = loadWithRetries();
      card.set(loaded);
    }
    return loaded;
  }

  /** Returns the card when it is loaded, or null before. */
  public EnsembleCard loadedCard() {
    return card.get();
  }

  private EnsembleCard loadWithRetries() {
    String pinned = config.cardVersion().orElse("current");
    for (int attempt = 1; ; attempt++) {
      try {
        EnsembleCard loaded = EnsembleCardLoader.load(registry, config.cardName(), config.cardVersion());
        LOG.infof("Loaded ensemble card %s %s: weights imaging %.3f clinical %.3f, threshold %.3f (%s), "
                + "accepted models %s",
            loaded.ref().name(), loaded.ref().version(), loaded.parameters().weights().imaging(),
            loaded.parameters().weights().clinical(), loaded.parameters().threshold(),
            loaded.parameters().thresholdRule(), loaded.parameters().acceptedModels());
        return loaded;
      } catch (StorageException e) {
        if (attempt >= config.cardLoadAttempts()) {
          throw new IllegalStateException("loading ensemble card " + config.cardName() + " (" + pinned + ") failed after "
              + attempt + " attempts: " + e.getMessage()
              + "; publish it with publish-model --current or set pipeline.ensemble.card-version", e);
        }
        LOG.warnf("Loading ensemble card %s (%s) failed (attempt %d of %d), retrying in %d ms: %s",
            config.cardName(), pinned, attempt, config.cardLoadAttempts(), config.cardLoadBackoff().toMillis(),
            e.getMessage());
        sleep(config.cardLoadBackoff().toMillis());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry loading the ensemble card", e);
    }
  }
}
