package org.pd1response.ensemble.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction.MissingModalityPolicy;
import org.pd1response.contracts.events.Prediction.TimeoutAction;
import org.pd1response.ensemble.model.EnsembleCard;
import org.pd1response.ensemble.model.EnsembleParameters;
import org.pd1response.storage.Sha256;

/**
 * The ensemble topology alone in a JVM of its own, so that a test can kill it with SIGKILL.
 *
 * <pre>
 * EnsembleProcess BOOTSTRAP APPLICATION_ID STATE_DIR PARAMETERS_FILE TOPIC_PREFIX WAIT_MILLIS
 * </pre>
 *
 * Prints {@value #READY} on standard output once Kafka Streams is running.
 */
public final class EnsembleProcess {

  public static final String READY = "ensemble-process-running";

  private EnsembleProcess() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "expected BOOTSTRAP APPLICATION_ID STATE_DIR PARAMETERS_FILE TOPIC_PREFIX WAIT_MILLIS, found " + args.length
              + " arguments");
    }
    byte[] parameters = Files.readAllBytes(Path.of(args[3]));
    EnsembleCard card = new EnsembleCard(new ModelRef("ensemble", "crash-test", Sha256.of(parameters)),
        EnsembleParameters.fromJson(parameters));
    JoinSettings settings = new JoinSettings(
        new MissingModalityPolicy(TimeoutAction.SINGLE_MODALITY, Long.parseLong(args[5])), Duration.ofMillis(200),
        Duration.ofHours(1));

    Properties properties = new Properties();
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
    // A killed member leaves the group after the session timeout (6 s is the broker's default
    // minimum), and its open transaction is aborted after the transaction timeout. Both are
    // shortened so that the test is quick.
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    properties.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 5000);

    CountDownLatch stopped = new CountDownLatch(1);
    KafkaStreams streams = new KafkaStreams(EnsembleTopology.build(card, settings, TopicNames.prefixed(args[4])),
        properties);
    streams.setStateListener((newState, oldState) -> {
      if (newState == KafkaStreams.State.RUNNING) {
        System.out.println(READY);
        System.out.flush();
      }
      if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(10))));
    streams.start();
    stopped.await();
  }
}
