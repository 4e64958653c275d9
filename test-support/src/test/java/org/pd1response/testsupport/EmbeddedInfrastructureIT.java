package org.pd1response.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.TopicSpec;
import org.pd1response.contracts.Topics;

class EmbeddedInfrastructureIT {

  @Test
  void brokerListensOnLoopbackOnly() {
    String bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();

    assertTrue(bootstrap.startsWith("localhost:") || bootstrap.startsWith("127.0.0.1:"), bootstrap);
    assertTrue(SharedInfrastructure.get().s3Endpoint().startsWith("http://127.0.0.1:"));
  }

  @Test
  void catalogueTopicsExistWithDeclaredPartitions() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedInfrastructure.get().kafkaBootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      for (TopicSpec spec : Topics.all()) {
        assertTrue(names.contains(spec.name()), "missing topic " + spec.name());
        int partitions = admin.describeTopics(Set.of(spec.name())).allTopicNames().get(10, TimeUnit.SECONDS)
            .get(spec.name()).partitions().size();
        assertEquals(spec.partitions(), partitions, spec.name());
      }
    }
  }

  @Test
  void recordRoundTripsThroughBroker() {
    try (KafkaTestClient kafka = KafkaTestClient.forSharedInfrastructure()) {
      kafka.sendRaw(Topics.DLQ_INGEST, "round-trip", "hello".getBytes(StandardCharsets.UTF_8), null);

      var records = kafka.readUntil(Topics.DLQ_INGEST, KafkaTestClient.keyed("round-trip"), 1, Duration.ofSeconds(20));

      assertEquals(1, records.size());
      assertEquals("hello", new String(records.get(0).value(), StandardCharsets.UTF_8));
    }
  }
}
