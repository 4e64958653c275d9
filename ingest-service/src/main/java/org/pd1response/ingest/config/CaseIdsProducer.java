package org.pd1response.ingest.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.pd1response.contracts.CaseIds;

/** Builds the one case-id derivation of the service; a short key fails the start. */
@ApplicationScoped
public class CaseIdsProducer {

  @Produces
  @ApplicationScoped
  @Startup
  CaseIds caseIds(PseudonymisationConfig config) {
    return CaseIds.withKey(config.key());
  }
}
