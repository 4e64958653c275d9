package org.pd1response.localstack;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.pd1response.contracts.TopicSpec;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.Prediction;

/** Prints the state of a running local stack and of its recent cases. */
final class StackStatus {

  private static final int RECENT_PREDICTIONS = 10;

  private StackStatus() {}

  static int print(StackLayout layout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    System.out.println("Services:");
    boolean allReady = true;
    for (StackLayout.Service service : layout.services()) {
      String state;
      try {
        int code = http.send(HttpRequest.newBuilder(service.readiness()).timeout(Duration.ofSeconds(3)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        state = code == 200 ? "ready" : "not ready (HTTP " + code + ")";
        allReady &= code == 200;
      } catch (java.io.IOException e) {
        state = "not running";
        allReady = false;
      }
      System.out.printf("  %-28s %-22s %s%n", service.module(), state, service.base());
    }

    // Offsets, not records: transactional topics such as predictions also count commit markers.
    System.out.println("Topics (offsets in use, an upper bound on records):");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.kafkaBootstrap(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
      for (TopicSpec spec : Topics.all()) {
        System.out.printf("  %-34s %d%n", spec.name(), recordCount(admin, spec.name()));
      }
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.out.println("  Kafka at " + layout.kafkaBootstrap() + " is not reachable (" + cause.getMessage()
          + "); start the stack with ./pipeline up");
      return 1;
    }

    Map<String, Prediction> predictions = PredictionWatcher.readAll(layout.kafkaBootstrap(), Duration.ofSeconds(2));
    System.out.printf("Recent predictions (%d cases in all):%n", predictions.size());
    List<Prediction> recent = new ArrayList<>(predictions.values());
    for (Prediction prediction : recent.subList(Math.max(0, recent.size() - RECENT_PREDICTIONS), recent.size())) {
      System.out.println("  " + PredictionWatcher.describe(prediction));
    }
    return allReady ? 0 : 1;
  }

  /** End offset minus start offset summed over partitions; for compacted topics an upper bound. */
  private static long recordCount(Admin admin, String topic) throws Exception {
    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
    description.partitions().forEach(p -> {
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
      earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
    });
    long end = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
    long start = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
    return end - start;
  }
}
