package org.pd1response.ensemble.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pd1response.ensemble.TestScores.CLINICAL_V1;
import static org.pd1response.ensemble.TestScores.IMAGING_V1;
import static org.pd1response.ensemble.TestScores.clinical;
import static org.pd1response.ensemble.TestScores.imaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.PredictionStatus;
import org.pd1response.ensemble.TestScores;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * Kills the ensemble with SIGKILL while several hundred cases are in flight on a real broker and
 * restarts it with an empty state folder, so its state comes back from the changelogs only. A
 * read_committed consumer then checks that every case revision has exactly one prediction per
 * sequence number and that none is missing.
 */
class CrashRecoveryIT {

  private static final Logger LOG = Logger.getLogger(CrashRecoveryIT.class);

  private static final int PAIRED_CASES = 350;
  private static final int IMAGING_ONLY_CASES = 50;
  private static final int CASES_SENT_BEFORE_KILL = 150;
  private static final long WAIT_MILLIS = 3000;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(120);
  private static final Path WORK = Path.of("target", "crash-test");

  @Test
  void predictsEveryCaseExactlyOnceAcrossSigkill() throws Exception {
    String bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "crash-" + run + ".";
    TopicNames topics = TopicNames.prefixed(prefix);
    createTopics(bootstrap, topics);
    Files.createDirectories(WORK);
    Path parameters = WORK.resolve("parameters-" + run + ".json");
    Files.write(parameters, TestScores.PARAMETERS.toJson());
    String applicationId = "ensemble-crash-" + run;

    Map<String, PredictionStatus> expectedFinal = new HashMap<>();
    List<EventEnvelope<?>> scores = new ArrayList<>();
    for (int i = 0; i < PAIRED_CASES + IMAGING_ONLY_CASES; i++) {
      String caseId = TestScores.caseId(100_000 + i);
      scores.add(imaging(caseId, 1, (i % 10) / 10.0, IMAGING_V1));
      if (i < PAIRED_CASES) {
        scores.add(clinical(caseId, 1, (i % 7) / 7.0, CLINICAL_V1));
        expectedFinal.put(caseId, PredictionStatus.COMPLETE);
      } else {
        expectedFinal.put(caseId, PredictionStatus.SINGLE_MODALITY);
      }
    }

    Process first = startEnsemble(bootstrap, applicationId, run + "-first", parameters, prefix);
    Process second = null;
    try {
      // Given the first instance running and scores streaming in
      CountDownLatch halfwaySent = new CountDownLatch(1);
      CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(bootstrap, topics, scores, halfwaySent));
      assertTrue(halfwaySent.await(60, TimeUnit.SECONDS), "the producer did not reach the kill point");

      // When the instance is killed with SIGKILL mid-stream and a new one starts with no local state
      first.destroyForcibly();
      LOG.infof("Killed the first ensemble process with SIGKILL after %d cases were sent", CASES_SENT_BEFORE_KILL);
      assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed ensemble process did not exit");
      assertEquals(137, first.exitValue(), "the ensemble process must have died of SIGKILL (128 + 9)");
      second = startEnsemble(bootstrap, applicationId, run + "-second", parameters, prefix);
      producing.get(60, TimeUnit.SECONDS);
      LOG.infof("Second ensemble process running; all %d scores sent", scores.size());

      // Then a read_committed consumer reads one prediction per case revision and sequence, none missing
      List<Prediction> predictions = readPredictions(bootstrap, topics.predictions(), expectedFinal);
      LOG.infof("Read %d predictions for %d cases", predictions.size(), expectedFinal.size());
      Map<String, List<Integer>> sequences = new HashMap<>();
      Map<String, Prediction> last = new HashMap<>();
      Set<String> distinct = new HashSet<>();
      for (Prediction prediction : predictions) {
        String id = prediction.caseId() + "/r" + prediction.revision() + "#" + prediction.predictionSequence();
        assertTrue(distinct.add(id), "duplicate prediction " + id);
        sequences.computeIfAbsent(prediction.caseId(), key -> new ArrayList<>()).add(prediction.predictionSequence());
        last.merge(prediction.caseId(), prediction,
            (a, b) -> a.predictionSequence() > b.predictionSequence() ? a : b);
      }
      assertEquals(expectedFinal.keySet(), sequences.keySet(), "every case must have a prediction");
      for (Map.Entry<String, List<Integer>> entry : sequences.entrySet()) {
        List<Integer> sorted = entry.getValue().stream().sorted().toList();
        for (int k = 0; k < sorted.size(); k++) {
          assertEquals(k + 1, sorted.get(k), "sequences of case " + entry.getKey() + " must be 1..n, found " + sorted);
        }
        assertEquals(expectedFinal.get(entry.getKey()), last.get(entry.getKey()).status(),
            "latest prediction of case " + entry.getKey());
      }
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroy();
        second.waitFor(20, TimeUnit.SECONDS);
        second.destroyForcibly();
      }
    }
  }

  private static void createTopics(String bootstrap, TopicNames topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(
              new NewTopic(topics.imagingScores(), Topics.CASE_TOPIC_PARTITIONS, (short) 1),
              new NewTopic(topics.clinicalScores(), Topics.CASE_TOPIC_PARTITIONS, (short) 1),
              new NewTopic(topics.predictions(), Topics.CASE_TOPIC_PARTITIONS, (short) 1),
              new NewTopic(topics.deadLetters(), 1, (short) 1)))
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  private static Process startEnsemble(String bootstrap, String applicationId, String name, Path parameters,
      String prefix) throws IOException, InterruptedException {
    Path log = WORK.resolve("ensemble-" + name + ".log");
    Path stateDir = Files.createDirectories(WORK.resolve("state-" + name));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m",
        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path"),
        EnsembleProcess.class.getName(), bootstrap, applicationId, stateDir.toString(), parameters.toString(), prefix,
        Long.toString(WAIT_MILLIS))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains(EnsembleProcess.READY)) {
        return process;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("ensemble process " + name + " exited with " + process.exitValue() + "; see " + log);
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("ensemble process " + name + " was not running after " + START_TIMEOUT + "; see " + log);
  }

  /** Sends every score, paced so that the kill lands while scores are still arriving. */
  private static void produce(String bootstrap, TopicNames topics, List<EventEnvelope<?>> scores, CountDownLatch halfway) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
      int casesSent = 0;
      for (EventEnvelope<?> score : scores) {
        String topic = score.type() == EventType.IMAGING_SCORE ? topics.imagingScores() : topics.clinicalScores();
        CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(score);
        producer.send(new ProducerRecord<>(topic, null, encoded.key(), encoded.value(), encoded.headers()));
        if (score.type() == EventType.IMAGING_SCORE) {
          casesSent++;
          if (casesSent % 10 == 0) {
            producer.flush();
            Thread.sleep(50);
          }
          if (casesSent == CASES_SENT_BEFORE_KILL) {
            halfway.countDown();
          }
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing scores", e);
    }
  }

  /** Reads predictions until every case has its expected final status, then for a quiet period more. */
  private static List<Prediction> readPredictions(String bootstrap, String topic,
      Map<String, PredictionStatus> expectedFinal) {
    List<Prediction> predictions = new ArrayList<>();
    Map<String, PredictionStatus> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "crash-test-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plus(RESULT_TIMEOUT);
      Optional<Instant> quietUntil = Optional.empty();
      while (Instant.now().isBefore(deadline) && quietUntil.map(Instant.now()::isBefore).orElse(true)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Prediction prediction = CloudEventCodec.<Prediction>decode(EventType.PREDICTION, record.key(),
              record.headers(), record.value()).payload();
          predictions.add(prediction);
          latest.put(prediction.caseId(), prediction.status());
        }
        if (quietUntil.isEmpty() && latest.equals(expectedFinal)) {
          LOG.infof("Every case has its expected latest prediction; reading on for %d ms", WAIT_MILLIS * 2);
          // Wait longer than one missing-modality wait so that a stray extra prediction would show.
          quietUntil = Optional.of(Instant.now().plusMillis(WAIT_MILLIS * 2));
        }
      }
    }
    return predictions;
  }
}
