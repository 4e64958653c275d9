package org.pd1response.contracts;

import java.time.Duration;

/**
 * Declared shape of one Kafka topic: the local stack creates it at start-up and the Kubernetes
 * manifests declare it as a KafkaTopic resource.
 *
 * @param name topic name
 * @param partitions partition count, which is also the upper bound on consumer replicas
 * @param retention how long records are kept; ignored for compacted topics
 * @param compacted whether the topic keeps only the latest record per key
 * @param keyedBy what the record key holds
 */
public record TopicSpec(
    String name, int partitions, Duration retention, boolean compacted, String keyedBy) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions of topic " + name + " must be at least 1, found " + partitions);
    }
  }

  /** Topic-level Kafka configuration for this topic. */
  public java.util.Map<String, String> kafkaConfig() {
    if (compacted) {
      return java.util.Map.of("cleanup.policy", "compact");
    }
    return java.util.Map.of(
        "cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
  }
}
