package org.pd1response.clinical.inference;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.Infrastructure;
import org.pd1response.testsupport.PipelineTestResource;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * Points the service at the shared broker and S3 server and publishes the first test model as the
 * current {@code clinical} model before the service starts.
 */
public class ClinicalModelResource implements QuarkusTestResourceLifecycleManager {

  private final PipelineTestResource pipeline = new PipelineTestResource();

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(pipeline.start());
    TestModels.Trained model = TestModels.version(TestModels.NAME, TestModels.FIRST_VERSION);
    try (ObjectStore store = openStore()) {
      new ModelRegistry(store, Clock.systemUTC()).publish(model.modelFile(), model.cardFile(), true);
    } catch (IOException e) {
      throw new IllegalStateException("publishing the test model failed", e);
    }
    return config;
  }

  /** Client for the shared S3 server with the service's default bucket names; buckets are created. */
  static ObjectStore openStore() {
    Infrastructure infrastructure = SharedInfrastructure.get();
    ObjectStore store = new ObjectStore(new StorageSettings(infrastructure.s3Endpoint(), infrastructure.s3AccessKey(),
        infrastructure.s3SecretKey(), null, "pd1-originals", "pd1-derived", Duration.ofSeconds(10), 2,
        Duration.ofMillis(50)));
    store.ensureBuckets();
    return store;
  }

  @Override
  public void stop() {
    pipeline.stop();
  }
}
