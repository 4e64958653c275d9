package org.pd1response.clinical.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the clinical inference service. */
@ConfigMapping(prefix = "pipeline.clinical")
public interface ClinicalInferenceConfig {

  /** The model that serves. */
  Model model();

  /** Model selection. */
  interface Model {

    /** Registry name of the clinical model. */
    @WithDefault("clinical")
    String name();

    /** Version to serve; when empty the name's current version serves and promotions switch it. */
    Optional<String> version();

    /** How long a record waits for a model to be loaded before it is dead-lettered as MODEL_UNAVAILABLE. */
    @WithDefault("60s")
    Duration loadWait();
  }
}
