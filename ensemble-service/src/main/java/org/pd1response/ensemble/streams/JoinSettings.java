package org.pd1response.ensemble.streams;

import java.time.Duration;
import org.pd1response.contracts.events.Prediction.MissingModalityPolicy;

/**
 * Timing of the score join.
 *
 * @param punctuationInterval how often wall-clock punctuation looks for cases whose wait has passed
 * @param stateRetention how long a case revision's state is kept after its first prediction, so
 *     that duplicates and late scores within that time are recognised
 */
public record JoinSettings(MissingModalityPolicy policy, Duration punctuationInterval, Duration stateRetention) {

  public JoinSettings {
    if (policy == null || policy.onTimeout() == null) {
      throw new IllegalArgumentException("missing-modality policy must name an action on time-out, found none");
    }
    if (policy.waitMillis() < 0) {
      throw new IllegalArgumentException("missing-modality wait must not be negative, found " + policy.waitMillis() + " ms");
    }
    if (punctuationInterval == null || punctuationInterval.toMillis() < 1) {
      throw new IllegalArgumentException("punctuation interval must be at least 1 ms, found " + punctuationInterval);
    }
    if (stateRetention == null || stateRetention.isNegative()) {
      throw new IllegalArgumentException("state retention must not be negative, found " + stateRetention);
    }
  }
}
