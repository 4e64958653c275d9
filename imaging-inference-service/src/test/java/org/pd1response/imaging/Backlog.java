package org.pd1response.imaging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * A backlog of image-preprocessed events on a topic of its own, scored in batches of two with
 * four batches in flight. Each batch reads tensors from S3, writes heat maps, overlays and ledger
 * markers, and waits for the broker's acknowledgement, so a record stays unacknowledged for tens
 * of milliseconds or more while batches queue behind each other. With the connector's age check
 * set to {@link #SCALED_MAX_AGE_MS}, this workload reproduces the 60 s failure seen under a real
 * burst on a loaded machine.
 */
final class Backlog {

  static final String MODEL_NAME = "imaging-backlog";
  static final int EVENTS = 160;
  static final int BATCH_SIZE = 2;
  static final String SCALED_MAX_AGE_MS = "50";
  static final Instant TIME = Instant.parse("2026-04-01T12:00:00Z");

  private Backlog() {}

  /** Service settings for a slow backlog on {@code topic}, read by consumer group {@code group}. */
  static Map<String, String> settings(String topic, String group) {
    Map<String, String> settings = new HashMap<>();
    settings.put("pipeline.imaging.model.name", MODEL_NAME);
    settings.put("pipeline.imaging.batch.max-size", Integer.toString(BATCH_SIZE));
    settings.put("pipeline.imaging.batch.max-in-flight", "4");
    settings.put("mp.messaging.incoming.image-preprocessed.topic", topic);
    settings.put("mp.messaging.incoming.image-preprocessed.group.id", group);
    // The throttled commit strategy commits and checks record ages on this period.
    settings.put("mp.messaging.incoming.image-preprocessed.auto.commit.interval.ms", "100");
    settings.put("pipeline.imaging.channels.failure-check-interval", "PT0.2S");
    return settings;
  }

  /** Resource entry that creates {@code topic} and publishes the backlog model. */
  static List<QuarkusTestProfile.TestResourceEntry> resources(String topic) {
    return List.of(new QuarkusTestProfile.TestResourceEntry(SlowBacklogResource.class, Map.of("topic", topic)));
  }

  /**
   * Stores the test model's tensors once and sends {@link #EVENTS} events that name them, without
   * waiting for each acknowledgement, so that they arrive as one backlog.
   *
   * @return the case ids sent, in order
   */
  static List<String> send(ObjectStore store, String topic, int firstCase) throws IOException {
    TestModels.Generated model = TestModels.named(MODEL_NAME, TestModels.FIRST_VERSION);
    List<String> tensorKeys = new ArrayList<>();
    for (int i = 0; i < model.cases().size(); i++) {
      String key = ObjectKeys.tensor(caseId(firstCase - 1 - i), 1, model.preprocessingHash());
      store.put(Bucket.DERIVED, key, Files.readAllBytes(model.cases().get(i).tensorFile()), "application/octet-stream");
      tensorKeys.add(key);
    }
    List<String> caseIds = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
      for (int i = 0; i < EVENTS; i++) {
        String caseId = caseId(firstCase + i);
        caseIds.add(caseId);
        CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(
            event(caseId, tensorKeys.get(i % tensorKeys.size()), model.preprocessingHash()));
        producer.send(new ProducerRecord<>(topic, null, encoded.key(), encoded.value(), encoded.headers()));
      }
      producer.flush();
    }
    return caseIds;
  }

  /** Score events on {@code scores.imaging} for the given cases, grouped by case id. */
  static Map<String, List<ImagingScore>> scores(KafkaTestClient kafka, List<String> caseIds,
      Duration quiet) {
    Map<String, List<ImagingScore>> scores = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.IMAGING_SCORES,
        record -> caseIds.contains(record.key()), quiet)) {
      scores.computeIfAbsent(record.key(), key -> new ArrayList<>())
          .add(KafkaTestClient.<ImagingScore>decode(EventType.IMAGING_SCORE, record).payload());
    }
    return scores;
  }

  /** Offsets that {@code group} committed on {@code topic} and the topic's end offsets. */
  static Map<String, Map<TopicPartition, Long>> offsets(String topic, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedInfrastructure.get().kafkaBootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition(topic, 0), OffsetSpec.latest());
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
      Map<TopicPartition, Long> committed = new HashMap<>();
      admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
        if (partition.topic().equals(topic) && offset != null) {
          committed.put(partition, offset.offset());
        }
      });
      return Map.of("end", end, "committed", committed);
    }
  }

  private static EventEnvelope<ImagePreprocessed> event(String caseId, String tensorKey, String hash) {
    ImagePreprocessed payload = new ImagePreprocessed(1, caseId, 1, tensorKey, null, List.of(3, 224, 224), "float32",
        Map.of("crop", 224), hash, ObjectKeys.image(caseId, 1), TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.PREPROCESS, hash), EventType.IMAGE_PREPROCESSED,
        Stage.PREPROCESS, caseId, payload, TIME);
  }

  static String caseId(int number) {
    return String.format("c%032x", 0x2b7000L + number);
  }
}
