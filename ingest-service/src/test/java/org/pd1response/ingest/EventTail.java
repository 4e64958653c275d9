package org.pd1response.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows topics from their current end, so that a test that sends inputs one at a time sees only
 * the records its latest input caused, without re-reading the topics from the beginning.
 */
final class EventTail implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> buffer = new ArrayList<>();

  EventTail(String bootstrapServers, List<String> topics) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-tail-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** Waits for the first record that matches, keeping the others for later calls; null on time-out. */
  ConsumerRecord<String, byte[]> next(Predicate<ConsumerRecord<String, byte[]>> filter, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      for (int i = 0; i < buffer.size(); i++) {
        if (filter.test(buffer.get(i))) {
          return buffer.remove(i);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        return null;
      }
      consumer.poll(Duration.ofMillis(100)).forEach(buffer::add);
    }
  }

  /** Returns every record that arrives until {@code quiet} passes without one. */
  List<ConsumerRecord<String, byte[]>> drain(Duration quiet) {
    Instant until = Instant.now().plus(quiet);
    while (Instant.now().isBefore(until)) {
      var records = consumer.poll(Duration.ofMillis(100));
      if (!records.isEmpty()) {
        records.forEach(buffer::add);
        until = Instant.now().plus(quiet);
      }
    }
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(buffer);
    buffer.clear();
    return all;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
