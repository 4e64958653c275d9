package org.pd1response.runtime;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.jboss.logging.Logger;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;

/** Builds the one object-store client and model registry of a service from its configuration. */
@ApplicationScoped
public class ObjectStoreProducer {

  private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

  @Produces
  @ApplicationScoped
  @Startup
  ObjectStore objectStore(StorageConfig config) {
    ObjectStore store = new ObjectStore(config.toSettings());
    if (config.createBuckets()) {
      store.ensureBuckets();
    }
    LOG.infof("Object store %s (originals bucket %s, derived bucket %s)",
        config.endpoint(), config.originalsBucket(), config.derivedBucket());
    return store;
  }

  void close(@Disposes ObjectStore store) {
    store.close();
  }

  @Produces
  @ApplicationScoped
  ModelRegistry modelRegistry(ObjectStore store, Clock clock) {
    return new ModelRegistry(store, clock);
  }

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }
}
