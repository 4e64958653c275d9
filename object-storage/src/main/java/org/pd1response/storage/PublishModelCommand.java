package org.pd1response.storage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ModelPublished;

/**
 * Publishes a locally trained model to the registry and announces it on the model topic, so that
 * the Python and Java trainers need no S3 or Kafka code of their own.
 *
 * <pre>
 * publish-model --model FILE --card FILE [--current]
 *               [--s3-endpoint URL] [--s3-access-key K] [--s3-secret-key S]
 *               [--originals-bucket B] [--derived-bucket B] [--kafka HOST:PORT]
 * </pre>
 *
 * Options fall back to the environment variables {@code PIPELINE_S3_ENDPOINT},
 * {@code PIPELINE_S3_ACCESS_KEY}, {@code PIPELINE_S3_SECRET_KEY}, {@code PIPELINE_KAFKA}. Without a
 * Kafka address the model is stored but no event is sent.
 */
public final class PublishModelCommand {

  private PublishModelCommand() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path model = Path.of(required(options, "model"));
    Path card = Path.of(required(options, "card"));
    boolean current = options.containsKey("current");
    StorageSettings settings = new StorageSettings(
        option(options, "s3-endpoint", "PIPELINE_S3_ENDPOINT", "http://127.0.0.1:9000"),
        option(options, "s3-access-key", "PIPELINE_S3_ACCESS_KEY", null),
        option(options, "s3-secret-key", "PIPELINE_S3_SECRET_KEY", null),
        null,
        option(options, "originals-bucket", "PIPELINE_S3_ORIGINALS_BUCKET", "pd1-originals"),
        option(options, "derived-bucket", "PIPELINE_S3_DERIVED_BUCKET", "pd1-derived"),
        Duration.ofSeconds(30), 3, Duration.ofMillis(500));
    String kafka = option(options, "kafka", "PIPELINE_KAFKA", null);

    ModelPublished event;
    try (ObjectStore store = new ObjectStore(settings)) {
      store.ensureBuckets();
      event = new ModelRegistry(store, Clock.systemUTC()).publish(model, card, current);
    }
    System.out.printf("published %s %s sha256=%s current=%s%n", event.modelName(), event.version(), event.sha256(), current);
    if (kafka != null) {
      announce(kafka, event);
      System.out.printf("announced on %s%n", Topics.MODELS_PUBLISHED);
    }
  }

  /** Sends a model-published event, keyed by model name, and waits for the acknowledgement. */
  public static void announce(String bootstrapServers, ModelPublished event) throws Exception {
    EventEnvelope<ModelPublished> envelope = new EventEnvelope<>(
        EventIds.ofModel(event.modelName(), event.version(), event.action().name()),
        EventType.MODEL_PUBLISHED, EventEnvelope.sourceOf(Stage.MODEL_REGISTRY), event.publishedAt(),
        null, event.modelName(), event);
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(envelope);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
      producer.send(new ProducerRecord<>(Topics.MODELS_PUBLISHED, null, encoded.key(), encoded.value(), encoded.headers()))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option starting with --, found '" + args[i] + "'");
      }
      String name = args[i].substring(2);
      if (name.equals("current")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return value;
  }

  private static String option(Map<String, String> options, String name, String environment, String fallback) {
    String value = options.get(name);
    if (value == null) {
      value = System.getenv(environment);
    }
    return value == null ? fallback : value;
  }
}
