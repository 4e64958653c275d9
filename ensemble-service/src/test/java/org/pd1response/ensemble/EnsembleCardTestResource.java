package org.pd1response.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.pd1response.contracts.EventJson;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.Sha256;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.Infrastructure;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * Publishes {@link TestScores#PARAMETERS} as the current ensemble card in the shared S3 server
 * before the service starts, and gives the service a fresh Kafka Streams state folder, so that
 * no state from an earlier run against another broker is restored.
 */
public class EnsembleCardTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String CARD_NAME = "ensemble";
  public static final String CARD_VERSION = "it-1";

  @Override
  public Map<String, String> start() {
    Infrastructure infrastructure = SharedInfrastructure.get();
    StorageSettings settings = new StorageSettings(infrastructure.s3Endpoint(), infrastructure.s3AccessKey(),
        infrastructure.s3SecretKey(), null, "pd1-originals", "pd1-derived", Duration.ofSeconds(10), 3,
        Duration.ofMillis(200));
    try (ObjectStore store = new ObjectStore(settings)) {
      store.ensureBuckets();
      Path folder = Files.createTempDirectory("ensemble-card");
      Path parameters = folder.resolve("ensemble-parameters.json");
      Files.write(parameters, TestScores.PARAMETERS.toJson());
      Path card = folder.resolve("card.json");
      Files.write(card, EventJson.mapper().writeValueAsBytes(card(Files.readAllBytes(parameters))));
      new ModelRegistry(store, Clock.systemUTC()).publish(parameters, card, true);
      Path stateDir = Files.createTempDirectory("ensemble-streams-state");
      return Map.of("kafka-streams.state.dir", stateDir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("publishing the test ensemble card failed", e);
    }
  }

  private static ObjectNode card(byte[] parameters) throws IOException {
    ObjectNode card = EventJson.mapper().createObjectNode();
    card.put("schemaVersion", 1);
    card.put("name", CARD_NAME);
    card.put("version", CARD_VERSION);
    card.put("kind", "ENSEMBLE");
    card.put("format", "JSON");
    card.put("modelFile", "ensemble-parameters.json");
    card.put("sha256", Sha256.of(parameters));
    card.put("createdAt", "2026-12-04T10:00:00Z");
    card.set("parameters", EventJson.mapper().readTree(parameters));
    return card;
  }

  @Override
  public void stop() {
    // The card stays in the shared S3 server, which stops at JVM exit.
  }
}
