package org.pd1response.imaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.pd1response.storage.ModelRegistry;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.PipelineTestResource;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * Points the service at the shared broker and S3 server, creates the input topic named by the
 * {@code topic} argument, and publishes the {@link Backlog#MODEL_NAME} model as current. Each
 * backlog test reads its own topic, so that no other test's service consumes its events.
 */
public class SlowBacklogResource implements QuarkusTestResourceLifecycleManager {

  private final PipelineTestResource pipeline = new PipelineTestResource();
  private String topic;

  @Override
  public void init(Map<String, String> initArgs) {
    topic = initArgs.get("topic");
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(pipeline.start());
    createTopic(topic);
    TestModels.Generated model = TestModels.named(Backlog.MODEL_NAME, TestModels.FIRST_VERSION);
    try (ObjectStore store = ImagingModelResource.openStore()) {
      new ModelRegistry(store, Clock.systemUTC()).publish(model.modelFile(), model.cardFile(), true);
    } catch (IOException e) {
      throw new IllegalStateException("publishing the backlog test model failed", e);
    }
    return config;
  }

  private static void createTopic(String name) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedInfrastructure.get().kafkaBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("creating topic " + name + " failed", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    pipeline.stop();
  }
}
