package org.pd1response.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;

/** Produces and reads records on a real broker from integration tests. */
public final class KafkaTestClient implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;

  public KafkaTestClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  /** Client for the shared test infrastructure of this JVM. */
  public static KafkaTestClient forSharedInfrastructure() {
    return new KafkaTestClient(SharedInfrastructure.get().kafkaBootstrapServers());
  }

  /** Sends an event in CloudEvents binary mode and waits for the broker's acknowledgement. */
  public void send(String topic, EventEnvelope<?> event) {
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(event);
    sendRaw(topic, encoded.key(), encoded.value(), encoded.headers());
  }

  /** Sends arbitrary bytes and headers, for poison-message tests. */
  public void sendRaw(String topic, String key, byte[] value, Headers headers) {
    try {
      producer.send(new ProducerRecord<>(topic, null, key, value, headers == null ? new RecordHeaders() : headers))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("sending to " + topic + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a topic from the beginning until {@code expected} records match the filter or the
   * timeout passes, and returns every matching record read.
   */
  public List<ConsumerRecord<String, byte[]>> readUntil(
      String topic, Predicate<ConsumerRecord<String, byte[]>> filter, int expected, Duration timeout) {
    List<ConsumerRecord<String, byte[]>> matches = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && matches.size() < expected) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (filter.test(record)) {
            matches.add(record);
          }
        }
      }
    }
    return matches;
  }

  /**
   * Reads every record a topic contains now plus what arrives within {@code quietPeriod} after the last
   * record, for checks that no extra record appears.
   */
  public List<ConsumerRecord<String, byte[]>> readAll(
      String topic, Predicate<ConsumerRecord<String, byte[]>> filter, Duration quietPeriod) {
    List<ConsumerRecord<String, byte[]>> matches = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
      consumer.subscribe(List.of(topic));
      Instant quietUntil = Instant.now().plus(quietPeriod);
      while (Instant.now().isBefore(quietUntil)) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          quietUntil = Instant.now().plus(quietPeriod);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          if (filter.test(record)) {
            matches.add(record);
          }
        }
      }
    }
    return matches;
  }

  /** Decodes a record as an event of the given type. */
  public static <T extends Record> EventEnvelope<T> decode(EventType type, ConsumerRecord<String, byte[]> record) {
    return CloudEventCodec.decode(type, record.key(), record.headers(), record.value());
  }

  /** Filter for records whose key equals the given value. */
  public static Predicate<ConsumerRecord<String, byte[]>> keyed(String key) {
    return record -> key.equals(record.key());
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
