package org.pd1response.preprocess.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.pd1response.preprocess.config.PreprocessConfig;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;

/** Builds the one {@link PreprocessingSource} of the service from its configuration. */
@ApplicationScoped
public class PreprocessingSourceProducer {

  @Produces
  @ApplicationScoped
  PreprocessingSource preprocessingSource(ObjectStore store, ModelRegistry registry, PreprocessConfig config,
      Clock clock) {
    return new PreprocessingSource(store, registry, config.imagingModelName(), config.modelCheckInterval(),
        config.defaults().toParameters(), config.limits(), clock);
  }
}
