package org.pd1response.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.pd1response.contracts.TopicSpec;
import org.pd1response.contracts.Topics;

/** Creates the topic catalogue's topics that do not exist yet; replication factor 1 (one broker). */
public final class TopicProvisioner {

  private static final long TIMEOUT_SECONDS = 30;

  private TopicProvisioner() {}

  public static void createAll(String bootstrapServers) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing =
          Topics.all().stream()
              .filter(spec -> !existing.contains(spec.name()))
              .map(TopicProvisioner::toNewTopic)
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("creating the topic catalogue on " + bootstrapServers + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static NewTopic toNewTopic(TopicSpec spec) {
    return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.of((short) 1)).configs(spec.kafkaConfig());
  }
}
