package org.pd1response.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.PublishModelCommand;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.EmbeddedS3;

/**
 * Publishes the demo models shipped under {@code demo/models/{name}/} (a {@code card.json} and the
 * model file it names) to the local stack's registry as current versions, and announces them.
 * The demo models are trained on generated data only, by {@code ./pipeline train-demo-models}.
 */
final class DemoModels {

  private DemoModels() {}

  static List<ModelPublished> publish(Path modelsFolder, StackLayout layout) throws Exception {
    return publish(modelsFolder, new LocalStack.Endpoints(layout.kafkaBootstrap(), layout.s3Endpoint(),
        EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY));
  }

  static List<ModelPublished> publish(Path modelsFolder, LocalStack.Endpoints endpoints) throws Exception {
    if (!Files.isDirectory(modelsFolder)) {
      throw new IOException("demo models folder " + modelsFolder + " is missing; run ./pipeline train-demo-models");
    }
    List<ModelPublished> published = new ArrayList<>();
    try (ObjectStore store = new ObjectStore(storageSettings(endpoints)); Stream<Path> folders = Files.list(modelsFolder)) {
      store.ensureBuckets();
      ModelRegistry registry = new ModelRegistry(store, Clock.systemUTC());
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        Path card = folder.resolve("card.json");
        JsonNode cardJson = EventJson.mapper().readTree(card.toFile());
        Path model = folder.resolve(cardJson.path("modelFile").asText());
        ModelPublished event = registry.publish(model, card, true);
        PublishModelCommand.announce(endpoints.kafkaBootstrap(), event);
        published.add(event);
      }
    }
    return published;
  }

  /** Settings of an object-store client for the stack's S3 server, with the services' default bucket names. */
  static StorageSettings storageSettings(LocalStack.Endpoints endpoints) {
    return new StorageSettings(endpoints.s3Endpoint(), endpoints.s3AccessKey(), endpoints.s3SecretKey(),
        null, "pd1-originals", "pd1-derived", Duration.ofSeconds(10), 3, Duration.ofMillis(200));
  }
}
