package org.pd1response.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} service at the shared real broker and S3 server. Services read
 * {@code kafka.bootstrap.servers} and the {@code pipeline.storage.*} keys.
 */
public class PipelineTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    Infrastructure infrastructure = SharedInfrastructure.get();
    return Map.of(
        "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
        "pipeline.storage.endpoint", infrastructure.s3Endpoint(),
        "pipeline.storage.access-key", infrastructure.s3AccessKey(),
        "pipeline.storage.secret-key", infrastructure.s3SecretKey());
  }

  @Override
  public void stop() {
    // The shared infrastructure outlives each test class and stops at JVM exit.
  }
}
