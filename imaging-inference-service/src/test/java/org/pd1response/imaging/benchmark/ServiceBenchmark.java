package org.pd1response.imaging.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.imaging.HeatMaps;
import org.pd1response.imaging.ImagingModelResource;
import org.pd1response.imaging.TestModels;
import org.pd1response.imaging.config.CudaFailurePolicy;
import org.pd1response.imaging.config.ExecutionProvider;
import org.pd1response.imaging.heatmap.HeatMapStore;
import org.pd1response.imaging.model.ExecutionSettings;
import org.pd1response.imaging.model.ImagingModelCard;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.SharedInfrastructure;

/**
 * Measures throughput in the service's own JVM. The raw ONNX Runtime session runs on the
 * benchmark model at the service's batch size and thread count before and after the service run,
 * which brackets changes of machine load. The running service is timed end to end, from events
 * sent to Kafka to score events written by the service, with the per-stage time from the
 * service's own timers. Results are
 * appended to {@code target/benchmark/results.md}. Not part of {@code verify}: run it with
 * {@code -Dtest='*Benchmark'}; the system properties {@code benchmark.images},
 * {@code benchmark.warm-up}, {@code benchmark.width}, {@code benchmark.depth}, {@code benchmark.batch},
 * {@code benchmark.threads}, {@code benchmark.spinning}, {@code benchmark.in-flight} and
 * {@code benchmark.io-threads} size it.
 */
abstract class ServiceBenchmark {

  static final Logger LOG = Logger.getLogger("benchmark");
  static final int IMAGES = Integer.getInteger("benchmark.images", 512);
  /**
   * Maximum number of events scored in warm-up bursts before the measured run. A short run
   * otherwise pays for the JIT compilation of the Kafka, S3 and scoring code, which takes CPU
   * seconds on a small machine. On 2 vCPUs, most of it was done only after several thousand events.
   */
  static final int WARM_UP = Integer.getInteger("benchmark.warm-up", 8192);
  /** Bursts as large as the measured run, so that warm-up sends events the way the measured run does. */
  static final int WARM_UP_BURST = IMAGES;
  /** Share of a burst's wall time below which the JIT compiler counts as quiet, ending warm-up. */
  static final double QUIET_COMPILER_SHARE = 0.10;
  static final int WARM_UP_OBJECTS = 4 * BenchmarkModelResource.BATCH;
  static final Duration RAW_DURATION = Duration.ofSeconds(10);
  static final Duration WAIT = Duration.ofMinutes(5);
  static final Path RESULTS = Path.of("target/benchmark/results.md");
  static final List<String> STAGES = List.of("s3-read", "inference", "heat-map-storage", "kafka", "ledger");

  @Inject
  MeterRegistry meters;

  @Inject
  HeatMapStore heatMaps;

  abstract String label();

  abstract int caseOffset();

  @Test
  void measure() throws Exception {
    TestModels.Generated model = BenchmarkModelResource.model();
    Awaitility.await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    List<byte[]> tensorFiles = new ArrayList<>();
    List<float[]> tensors = new ArrayList<>();
    ImagingModelCard card = ImagingModelCard.parse(model.card());
    for (TestModels.ReferenceCase reference : model.cases()) {
      tensorFiles.add(Files.readAllBytes(reference.tensorFile()));
      tensors.add(HeatMaps.read(reference.tensorFile(), card.imageShape()));
    }

    String loadBefore = loadAverage();
    RawRun rawScores = rawRun(model, card, tensors, false);
    RawRun rawWithMaps = rawRun(model, card, tensors, true);
    Map<String, Object> result = endToEnd(model, tensorFiles);
    // The raw session runs again after the service, so that a change of machine load during the
    // service run shows as a difference between the two raw figures.
    RawRun rawScoresAfter = rawRun(model, card, tensors, false);
    RawRun rawWithMapsAfter = rawRun(model, card, tensors, true);
    String loadAfter = loadAverage();

    double service = (double) result.get("imagesPerSecond");
    double rawSameOutputs = isHeatMapRun()
        ? (rawWithMaps.imagesPerSecond() + rawWithMapsAfter.imagesPerSecond()) / 2
        : (rawScores.imagesPerSecond() + rawScoresAfter.imagesPerSecond()) / 2;
    StringBuilder text = new StringBuilder();
    text.append("### ").append(label()).append(" (").append(Instant.now()).append(")\n\n");
    text.append("- model: ").append(card.architecture()).append(", feature maps ")
        .append(java.util.Arrays.toString(card.featureMapsShape())).append(", batch ").append(BenchmarkModelResource.BATCH)
        .append(", ONNX Runtime intra-op threads ").append(BenchmarkModelResource.THREADS)
        .append(", spinning ").append(BenchmarkModelResource.SPINNING ? "on" : "off")
        .append(", batches in flight in the service at most ").append(BenchmarkModelResource.IN_FLIGHT)
        .append(", I/O threads ").append(BenchmarkModelResource.IO_THREADS).append('\n');
    text.append("- load average (1, 5, 15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
        .append('\n');
    text.append(String.format("- raw session, probabilities only: %.1f images/s before the service run, %.1f after;"
        + " process CPU %.1f and %.1f ms per image%n", rawScores.imagesPerSecond(), rawScoresAfter.imagesPerSecond(),
        rawScores.cpuMillisPerImage(), rawScoresAfter.cpuMillisPerImage()));
    text.append(String.format("- raw session, probabilities and Grad-CAM maps: %.1f images/s before, %.1f after;"
        + " process CPU %.1f and %.1f ms per image%n", rawWithMaps.imagesPerSecond(), rawWithMapsAfter.imagesPerSecond(),
        rawWithMaps.cpuMillisPerImage(), rawWithMapsAfter.cpuMillisPerImage()));
    text.append(String.format("- PyTorch eager (batch %d, %d threads, probabilities only): %.1f images/s%n",
        model.reference().get("eagerBatchSize").asInt(), model.reference().get("eagerThreads").asInt(),
        model.reference().get("eagerImagesPerSecond").asDouble()));
    text.append(String.format("- service end to end, %d events after %d warm-up events: %.1f images/s (%.2fx the mean raw"
        + " session with the same outputs, %.1f images/s)%n", IMAGES, (int) result.get("warmUpEvents"), service,
        service / rawSameOutputs, rawSameOutputs));
    double compilerShare = (double) result.get("warmUpCompilerShare");
    text.append(Double.isNaN(compilerShare) ? "- no warm-up bursts\n" : String.format(
        "- JIT compiler time during the last warm-up burst: %.0f %% of its wall time%n", 100 * compilerShare));
    text.append(String.format("- mean batch size in the service: %.1f%n", (double) result.get("meanBatch")));
    text.append("- time per image by stage (ms; summed over threads for parallel stages): ")
        .append(result.get("stages")).append('\n');
    @SuppressWarnings("unchecked")
    double inferenceMs = Double.parseDouble(((Map<String, String>) result.get("stages")).get("inference"));
    text.append(String.format("- share of the wall time that the inference thread was busy: %.0f %%%n",
        100 * inferenceMs * service / 1000));
    text.append(String.format("- process CPU during the service run: %.1f ms per image%n", (double) result.get("cpuMs")));
    text.append("- CPU ms per image by thread group during the service run: ").append(result.get("cpuGroups"))
        .append('\n');
    if (result.containsKey("overlaysPending")) {
      text.append("- overlays queued when the last score was written: ").append(result.get("overlaysPending"))
          .append(", all rendered ").append(result.get("overlayDrainMs")).append(" ms later\n");
    }
    text.append('\n');
    Files.createDirectories(RESULTS.getParent());
    Files.writeString(RESULTS, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    LOG.info("\n" + text);
  }

  /** Throughput of the raw session and the process CPU time it used per image. */
  record RawRun(double imagesPerSecond, double cpuMillisPerImage) {}

  private static RawRun rawRun(TestModels.Generated model, ImagingModelCard card, List<float[]> tensors,
      boolean featureMaps) throws Exception {
    ExecutionSettings settings = new ExecutionSettings(ExecutionProvider.CPU, CudaFailurePolicy.FAIL, 0,
        BenchmarkModelResource.THREADS, 0, BenchmarkModelResource.SPINNING);
    List<float[]> batch = new ArrayList<>();
    for (int i = 0; i < BenchmarkModelResource.BATCH; i++) {
      batch.add(tensors.get(i % tensors.size()));
    }
    try (ImagingSession session = ImagingSession.open(OrtEnvironment.getEnvironment(),
        Files.readAllBytes(model.modelFile()), card, new org.pd1response.contracts.events.ModelRef(model.name(),
            model.version(), model.card().get("sha256").asText()), settings, 2)) {
      long images = 0;
      CpuUsage cpuBefore = CpuUsage.now();
      long start = System.nanoTime();
      long end = start + RAW_DURATION.toNanos();
      while (System.nanoTime() < end) {
        session.score(batch, featureMaps);
        images += batch.size();
      }
      double imagesPerSecond = images / ((System.nanoTime() - start) / 1e9);
      return new RawRun(imagesPerSecond, CpuUsage.now().processMillisPerImage(cpuBefore, images));
    }
  }

  private Map<String, Object> endToEnd(TestModels.Generated model, List<byte[]> tensorFiles) throws Exception {
    String bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();
    List<ProducerRecord<String, byte[]>> measured = new ArrayList<>();
    List<String> warmUpKeys = new ArrayList<>();
    try (ObjectStore store = ImagingModelResource.openStore()) {
      for (int i = 0; i < IMAGES; i++) {
        String caseId = caseId(i);
        String key = ObjectKeys.tensor(caseId, 1, model.preprocessingHash());
        store.put(Bucket.DERIVED, key, tensorFiles.get(i % tensorFiles.size()), "application/octet-stream");
        measured.add(record(model, caseId, key));
      }
      // Warm-up events share a few tensor objects, so that a long warm-up does not fill the
      // in-process S3 server's heap with tensors and make the collector's marking slower.
      for (int i = 0; i < WARM_UP_OBJECTS; i++) {
        String key = ObjectKeys.tensor(caseId(IMAGES + i), 1, model.preprocessingHash());
        store.put(Bucket.DERIVED, key, tensorFiles.get(i % tensorFiles.size()), "application/octet-stream");
        warmUpKeys.add(key);
      }
    }
    int warmUpSent = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        KafkaConsumer<String, byte[]> scores = scoresFromNow(bootstrap)) {
      // The service reads from the latest offset, so warm-up rounds repeat until one is scored.
      int round = 0;
      boolean warm = false;
      while (!warm && round < 4) {
        List<ProducerRecord<String, byte[]>> batch = warmUpRecords(model, warmUpKeys, warmUpSent,
            BenchmarkModelResource.BATCH);
        warmUpSent += batch.size();
        batch.forEach(producer::send);
        producer.flush();
        warm = awaitScores(scores, keys(batch), Duration.ofSeconds(15)) >= 0;
        round++;
      }
      assertEquals(true, warm, "the service scored a warm-up round");
      // Bursts repeat until the JIT compiler is nearly idle during one, because compilation of the
      // Kafka, S3 and HTTP code otherwise takes a large share of two vCPUs during the measured run.
      CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
      double compilerShare = Double.NaN;
      int bursts = 0;
      while ((bursts + 1) * WARM_UP_BURST <= WARM_UP && (bursts == 0 || compilerShare >= QUIET_COMPILER_SHARE)) {
        List<ProducerRecord<String, byte[]>> burst = warmUpRecords(model, warmUpKeys, warmUpSent, WARM_UP_BURST);
        warmUpSent += burst.size();
        long compileBefore = compiler.getTotalCompilationTime();
        long burstStart = System.nanoTime();
        burst.forEach(producer::send);
        producer.flush();
        assertTrue(awaitScores(scores, keys(burst), WAIT) >= 0, "the service scored a warm-up burst");
        compilerShare = (compiler.getTotalCompilationTime() - compileBefore) / ((System.nanoTime() - burstStart) / 1e6);
        bursts++;
        LOG.infof("warm-up burst %d: the JIT compiler worked %.0f %% of the burst's wall time", bursts,
            100 * compilerShare);
      }

      Map<String, double[]> before = stageTotals();
      DistributionSummary batches = meters.find("imaging.batch.size").summary();
      double batchCountBefore = batches == null ? 0 : batches.count();
      double batchTotalBefore = batches == null ? 0 : batches.totalAmount();
      CpuUsage cpuBefore = CpuUsage.now();
      long start = System.currentTimeMillis();
      measured.forEach(producer::send);
      producer.flush();
      long lastWritten = awaitScores(scores, keys(measured), WAIT);
      CpuUsage cpuAfter = CpuUsage.now();
      int pending = heatMaps.pendingOverlays();
      long drained = System.currentTimeMillis();
      Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> heatMaps.pendingOverlays() == 0);
      long drainMs = System.currentTimeMillis() - drained;

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("warmUpEvents", warmUpSent);
      result.put("warmUpCompilerShare", compilerShare);
      result.put("imagesPerSecond", IMAGES / ((lastWritten - start) / 1000.0));
      result.put("cpuMs", cpuAfter.processMillisPerImage(cpuBefore, IMAGES));
      result.put("cpuGroups", cpuAfter.groupsPerImage(cpuBefore, IMAGES, 12));
      batches = meters.find("imaging.batch.size").summary();
      result.put("meanBatch", (batches.totalAmount() - batchTotalBefore) / (batches.count() - batchCountBefore));
      Map<String, double[]> after = stageTotals();
      Map<String, String> stages = new LinkedHashMap<>();
      for (String stage : STAGES) {
        double millis = after.get(stage)[0] - before.get(stage)[0];
        stages.put(stage, String.format(Locale.ROOT, "%.3f", millis / IMAGES));
      }
      result.put("stages", stages);
      if (heatMaps != null && pending >= 0 && isHeatMapRun()) {
        result.put("overlaysPending", pending);
        result.put("overlayDrainMs", drainMs);
      }
      return result;
    }
  }

  abstract boolean isHeatMapRun();

  /**
   * Builds {@code count} warm-up events for new cases, numbered after the measured ones and the
   * {@code sent} warm-up events before them, each pointing at one of the shared tensor objects.
   */
  private List<ProducerRecord<String, byte[]>> warmUpRecords(TestModels.Generated model, List<String> tensorKeys,
      int sent, int count) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = sent; i < sent + count; i++) {
      records.add(record(model, caseId(IMAGES + i), tensorKeys.get(i % tensorKeys.size())));
    }
    return records;
  }

  private String caseId(int n) {
    return String.format("c%032x", 0xbe0000000L + caseOffset() + n);
  }

  private static ProducerRecord<String, byte[]> record(TestModels.Generated model, String caseId, String tensorKey) {
    ImagePreprocessed payload = new ImagePreprocessed(1, caseId, 1, tensorKey, null, List.of(3, 224, 224), "float32",
        Map.of(), model.preprocessingHash(), ObjectKeys.image(caseId, 1), Instant.now());
    CloudEventCodec.EncodedEvent encoded = CloudEventCodec.encode(EventEnvelope.of(EventIds.of(caseId, 1,
        Stage.PREPROCESS, model.preprocessingHash()), EventType.IMAGE_PREPROCESSED, Stage.PREPROCESS, caseId,
        payload, Instant.now()));
    return new ProducerRecord<>(Topics.IMAGE_PREPROCESSED, null, encoded.key(), encoded.value(), encoded.headers());
  }

  /** Reads the machine's 1, 5 and 15 minute load averages from {@code /proc/loadavg}. */
  private static String loadAverage() throws IOException {
    Path file = Path.of("/proc/loadavg");
    if (!Files.isReadable(file)) {
      return "unknown";
    }
    String[] fields = Files.readString(file).trim().split("\\s+");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private Map<String, double[]> stageTotals() {
    Map<String, double[]> totals = new LinkedHashMap<>();
    for (String stage : STAGES) {
      Timer timer = meters.find("imaging.stage.time").tag("stage", stage).timer();
      totals.put(stage, new double[] {timer == null ? 0 : timer.totalTime(TimeUnit.MILLISECONDS)});
    }
    return totals;
  }

  private static Set<String> keys(List<ProducerRecord<String, byte[]>> records) {
    Set<String> keys = new HashSet<>();
    records.forEach(record -> keys.add(record.key()));
    return keys;
  }

  private static KafkaConsumer<String, byte[]> scoresFromNow(String bootstrap) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(Topics.IMAGING_SCORES).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  /** Polls until every key has a score; returns the latest record timestamp, or -1 on timeout. */
  private static long awaitScores(KafkaConsumer<String, byte[]> consumer, Set<String> keys, Duration timeout) {
    Set<String> missing = new HashSet<>(keys);
    long latest = -1;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        if (missing.remove(record.key())) {
          latest = Math.max(latest, record.timestamp());
        }
      }
    }
    return missing.isEmpty() ? latest : -1;
  }
}
