package org.pd1response.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.Topics;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.EmbeddedS3;

class LocalStackIT {

  @TempDir Path state;

  @Test
  void infrastructureStartsAsChildProcessesAndKeepsObjectsAcrossRestarts() throws Exception {
    StackLayout layout = new StackLayout(state, state, freePort(), freePort(), freePort(), 18081);
    StorageSettings settings = new StorageSettings(layout.s3Endpoint(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY,
        null, "pd1-originals", "pd1-derived", Duration.ofSeconds(5), 3, Duration.ofMillis(100));
    String key = "models/demo-check/1/sha256";

    try (LocalStack stack = new LocalStack(layout)) {
      stack.startInfrastructure();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.kafkaBootstrap()))) {
        Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        assertTrue(topics.containsAll(Topics.all().stream().map(t -> t.name()).toList()), topics.toString());
      }
      try (ObjectStore store = new ObjectStore(settings)) {
        store.ensureBuckets();
        store.put(Bucket.DERIVED, key, "kept".getBytes(StandardCharsets.UTF_8), "text/plain");
      }
    }

    try (LocalStack restarted = new LocalStack(layout)) {
      restarted.startInfrastructure();
      try (ObjectStore store = new ObjectStore(settings)) {
        assertEquals("kept", new String(store.get(Bucket.DERIVED, key).content(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void pseudonymisationKeyIsGeneratedOnceAndKept() throws Exception {
    StackLayout layout = new StackLayout(state, state, 1, 2, 3, 4);
    LocalStack stack = new LocalStack(layout);

    String key = stack.pseudonymisationKey();

    assertEquals(64, key.length());
    assertEquals(key, new LocalStack(layout).pseudonymisationKey());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
