package org.pd1response.imaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.PipelineTestResource;

/**
 * Publishes a valid model under its own name, then replaces the model object with other bytes,
 * as a faulty copy or an attacker would, so that the card's SHA-256 no longer matches.
 */
public class TamperedModelResource implements QuarkusTestResourceLifecycleManager {

  public static final String NAME = "imaging-tampered";

  private final PipelineTestResource pipeline = new PipelineTestResource();

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(pipeline.start());
    TestModels.Generated model = TestModels.named(NAME, TestModels.FIRST_VERSION);
    try (ObjectStore store = ImagingModelResource.openStore()) {
      new ModelRegistry(store, Clock.systemUTC()).publish(model.modelFile(), model.cardFile(), true);
      byte[] tampered = Files.readAllBytes(model.modelFile());
      tampered[tampered.length - 1] ^= 0x01;
      store.put(Bucket.DERIVED, ObjectKeys.modelFile(NAME, model.version(), model.modelFile().getFileName().toString()),
          tampered, "application/octet-stream");
    } catch (IOException e) {
      throw new IllegalStateException("publishing the tampered test model failed", e);
    }
    return config;
  }

  @Override
  public void stop() {
    pipeline.stop();
  }
}
