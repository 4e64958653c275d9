package org.pd1response.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CaseIds;

/**
 * The service's own application.properties, mapped the way Quarkus maps it at start-up: the
 * production profile has no key, so the mapping (and with it the start) fails.
 */
class PseudonymisationConfigTest {

  @Test
  void productionProfileWithoutKeyFailsToStart() throws IOException {
    RuntimeException e = assertThrows(RuntimeException.class, () -> config("prod"));

    assertTrue(e.getMessage().contains("pipeline.pseudonymisation.key"), e.getMessage());
  }

  @Test
  void testProfileHasUsableKey() throws IOException {
    PseudonymisationConfig mapping = config("test").getConfigMapping(PseudonymisationConfig.class);

    assertTrue(CaseIds.isCaseId(CaseIds.withKey(mapping.key()).forStudy("orthanc", "1.2.3")));
  }

  @Test
  void shortKeyIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseIds.withKey("short"));

    assertEquals("pseudonymisation key must have at least 32 bytes, found 5", e.getMessage());
  }

  private static SmallRyeConfig config(String profile) throws IOException {
    URL properties = PseudonymisationConfigTest.class.getResource("/application.properties");
    return new SmallRyeConfigBuilder()
        .withProfile(profile)
        .withSources(new PropertiesConfigSource(properties))
        .withMapping(PseudonymisationConfig.class)
        .build();
  }
}
