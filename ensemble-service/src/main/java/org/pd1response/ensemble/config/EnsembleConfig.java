package org.pd1response.ensemble.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import org.pd1response.contracts.events.Prediction.TimeoutAction;

/** Settings of the ensemble service. */
@ConfigMapping(prefix = "pipeline.ensemble")
public interface EnsembleConfig {

  /** Registry name of the ensemble card. */
  @WithDefault("ensemble")
  String cardName();

  /** Card version to use; empty means the version the registry's {@code current} pointer names. */
  Optional<String> cardVersion();

  /** Attempts to load the ensemble card at start-up, including the first. */
  @WithDefault("5")
  int cardLoadAttempts();

  /** Wait between two attempts to load the ensemble card. */
  @WithDefault("2s")
  Duration cardLoadBackoff();

  /** The missing-modality policy. */
  MissingModality missingModality();

  /** How often wall-clock punctuation looks for cases whose wait has passed. */
  @WithDefault("1s")
  Duration punctuationInterval();

  /**
   * Time a case revision's state is kept after its first prediction. Duplicates and late scores
   * are recognised only within this time, so it should cover the score topics' retention.
   */
  @WithDefault("7d")
  Duration stateRetention();

  /** Policy for a modality whose score does not arrive. */
  interface MissingModality {

    /** How long a case waits for the second modality after its first score. */
    @WithDefault("15m")
    Duration waitTime();

    /** Prediction emitted once the wait has passed: SINGLE_MODALITY or INCOMPLETE. */
    @WithDefault("SINGLE_MODALITY")
    TimeoutAction onTimeout();
  }
}
