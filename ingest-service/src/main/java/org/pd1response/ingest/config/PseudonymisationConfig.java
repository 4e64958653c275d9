package org.pd1response.ingest.config;

import io.smallrye.config.ConfigMapping;

/**
 * The secret behind every pseudonym the service derives. It has no default: only the dev and test
 * profiles set one, so a production start without {@code pipeline.pseudonymisation.key} fails.
 */
@ConfigMapping(prefix = "pipeline.pseudonymisation")
public interface PseudonymisationConfig {

  /** HMAC-SHA-256 key of case ids and patient pseudonyms, at least 32 bytes; set it from a secret. */
  String key();
}
