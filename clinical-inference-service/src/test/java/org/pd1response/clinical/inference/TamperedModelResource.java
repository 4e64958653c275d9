package org.pd1response.clinical.inference;

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
 * Publishes a valid clinical model under its own name, then replaces the model object with other
 * bytes, as a faulty copy or an attacker would, so that the card's SHA-256 no longer matches.
 */
public class TamperedModelResource implements QuarkusTestResourceLifecycleManager {

  private final PipelineTestResource pipeline = new PipelineTestResource();

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(pipeline.start());
    TestModels.Trained model = TestModels.version(TestModels.TAMPERED_NAME, TestModels.FIRST_VERSION);
    try (ObjectStore store = ClinicalModelResource.openStore()) {
      new ModelRegistry(store, Clock.systemUTC()).publish(model.modelFile(), model.cardFile(), true);
      byte[] tampered = Files.readAllBytes(model.modelFile());
      // Changes one digit of the threshold near the end of the file, so the JSON stays valid.
      String text = new String(tampered, java.nio.charset.StandardCharsets.UTF_8);
      int digit = text.lastIndexOf("\"threshold\":") + "\"threshold\":0.".length();
      tampered[digit] = (byte) (tampered[digit] == '9' ? '1' : tampered[digit] + 1);
      store.put(Bucket.DERIVED, ObjectKeys.modelFile(TestModels.TAMPERED_NAME, model.version(),
          model.modelFile().getFileName().toString()), tampered, "application/octet-stream");
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
