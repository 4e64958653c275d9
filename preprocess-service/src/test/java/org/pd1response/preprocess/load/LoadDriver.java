package org.pd1response.preprocess.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.preprocessing.cohort.BusiLayout;
import org.pd1response.preprocessing.cohort.BusiTask;
import org.pd1response.preprocessing.cohort.CohortImage;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.StorageSettings;
import org.pd1response.testsupport.EmbeddedKafka;
import org.pd1response.testsupport.EmbeddedS3;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.TopicProvisioner;

/**
 * Load and soak run of the packaged service, end to end: Kafka in, S3 out. Starts a KRaft broker
 * and an s3proxy server (objects on disk) on 127.0.0.1, uploads real BUSI images with their first
 * mask, starts {@code target/quarkus-app/quarkus-run.jar} as a child process, sends image-ingested
 * events that cycle over those images under distinct case ids, and waits until every event has
 * an image-preprocessed event or a dead letter. It prints images per second and samples the
 * service's resident memory (VmRSS) into a CSV file.
 *
 * <pre>
 * --images N      events to send (default 1000; 10000 for the soak run)
 * --distinct N    distinct BUSI images to cycle over (default 100)
 * --heap SIZE     -Xmx of the service (default 512m)
 * --sample-every SECONDS  resident memory sampling interval (default 5)
 * --report FILE   CSV of the samples (default preprocess-service/target/load/rss.csv)
 * </pre>
 *
 * The BUSI folder comes from {@code PIPELINE_DATA_DIR}. Run it with
 * {@code ./mvnw -pl preprocess-service package -DskipTests} and then
 * {@code ./mvnw -pl preprocess-service exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.pd1response.preprocess.load.LoadDriver -Dexec.args="--images 10000"}.
 */
public final class LoadDriver {

  private static final String KEY = "load-driver-pseudonymisation-key-0123456789";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private record Sample(double seconds, int done, long rssKib) {}

  private LoadDriver() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int images = Integer.parseInt(options.getOrDefault("images", "1000"));
    int distinct = Integer.parseInt(options.getOrDefault("distinct", "100"));
    String heap = options.getOrDefault("heap", "512m");
    int sampleEvery = Integer.parseInt(options.getOrDefault("sample-every", "5"));
    Path target = Files.isDirectory(Path.of("preprocess-service", "target")) ? Path.of("preprocess-service", "target")
        : Path.of("target");
    Path jar = target.resolve("quarkus-app/quarkus-run.jar");
    Path report = options.containsKey("report") ? Path.of(options.get("report")) : target.resolve("load/rss.csv");
    String dataDir = System.getenv("PIPELINE_DATA_DIR");
    if (dataDir == null || dataDir.isBlank() || !Files.isRegularFile(jar)) {
      throw new IllegalStateException("set PIPELINE_DATA_DIR to the folder that holds busi/ and build " + jar
          + " first with ./mvnw -pl preprocess-service package -DskipTests");
    }
    Files.createDirectories(report.toAbsolutePath().getParent());
    Path s3Folder = Files.createTempDirectory("preprocess-load-s3");

    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedS3 s3 = EmbeddedS3.startOnDisk(s3Folder, 0);
        ObjectStore store = new ObjectStore(new StorageSettings(s3.endpoint(), EmbeddedS3.ACCESS_KEY,
            EmbeddedS3.SECRET_KEY, null, "pd1-originals", "pd1-derived", Duration.ofSeconds(30), 3,
            Duration.ofMillis(200)));
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      TopicProvisioner.createAll(kafka.bootstrapServers());
      store.ensureBuckets();
      CaseIds caseIds = CaseIds.withKey(KEY);
      List<String[]> sources = uploadSources(store, caseIds, Path.of(dataDir, "busi"), distinct);
      System.out.printf("uploaded %d BUSI images%n", sources.size());

      Process service = startService(jar, heap, kafka.bootstrapServers(), s3.endpoint(), report.getParent());
      try {
        AtomicInteger done = new AtomicInteger();
        Thread counter = countOutputs(kafka.bootstrapServers(), done);
        send(client, caseIds, sources, "warm-up", 0);
        waitFor(done, 1, START_TIMEOUT, service);
        System.out.printf("service pid %d ready, rss %d MiB%n", service.pid(), rssKib(service.pid()) / 1024);

        List<Sample> samples = new ArrayList<>();
        Instant start = Instant.now();
        Thread sampler = sampleRss(service.pid(), start, done, sampleEvery, samples, report);
        for (int i = 0; i < images; i++) {
          send(client, caseIds, sources, "run", i);
        }
        waitFor(done, images + 1, Duration.ofHours(2), service);
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        sampler.interrupt();
        sampler.join();
        counter.interrupt();
        samples.add(new Sample(seconds, done.get() - 1, rssKib(service.pid())));
        writeReport(report, samples);
        System.out.printf("processed %d images in %.1f s: %.1f images/s end to end%n", images, seconds,
            images / seconds);
        printRssSummary(samples);
      } finally {
        service.destroy();
        service.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      deleteRecursively(s3Folder);
    }
  }

  private static List<String[]> uploadSources(ObjectStore store, CaseIds caseIds, Path busi, int distinct)
      throws IOException {
    List<CohortImage> all = BusiLayout.scan(busi, BusiTask.MALIGNANT_VS_BENIGN);
    List<String[]> sources = new ArrayList<>();
    for (int i = 0; i < distinct && i < all.size(); i++) {
      CohortImage image = all.get(i * all.size() / distinct);
      String caseId = caseIds.forResearchImage("load-source", image.imageId());
      String imageKey = ObjectKeys.image(caseId, 1);
      String maskKey = ObjectKeys.mask(caseId, 1);
      store.put(Bucket.DERIVED, imageKey, Files.readAllBytes(image.imageFile()), "image/png");
      store.put(Bucket.DERIVED, maskKey, Files.readAllBytes(image.maskFiles().get(0)), "image/png");
      sources.add(new String[] {imageKey, maskKey});
    }
    return sources;
  }

  private static Process startService(Path jar, String heap, String kafka, String s3, Path logFolder)
      throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-Dquarkus.http.port=0", "-Dkafka.bootstrap.servers=" + kafka,
        "-Dpipeline.storage.endpoint=" + s3, "-Dpipeline.storage.access-key=" + EmbeddedS3.ACCESS_KEY,
        "-Dpipeline.storage.secret-key=" + EmbeddedS3.SECRET_KEY, "-jar", jar.toString());
    Path log = logFolder.resolve("service.log");
    System.out.printf("starting the service, log in %s%n", log);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void send(KafkaTestClient client, CaseIds caseIds, List<String[]> sources, String run, int index) {
    String[] source = sources.get(index % sources.size());
    String caseId = caseIds.forResearchImage("load-" + run, Integer.toString(index));
    Instant now = Instant.now();
    ImageIngested payload = new ImageIngested(1, caseId, 1, ImageIngested.CaseSource.RESEARCH, source[0], source[1],
        ObjectKeys.original(caseId, 1, "image.png"), ImageIngested.RoiSource.MASK_FILE, 1, 500, 500, 1, null,
        "load", null, now);
    client.send(Topics.IMAGE_INGESTED, EventEnvelope.of(EventIds.of(caseId, 1, Stage.INGEST, EventIds.NO_MODEL),
        EventType.IMAGE_INGESTED, Stage.INGEST, caseId, payload, now));
  }

  /** Counts image-preprocessed events and dead letters on a background thread. */
  private static Thread countOutputs(String bootstrapServers, AtomicInteger done) {
    Thread thread = new Thread(() -> {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          ConsumerConfig.GROUP_ID_CONFIG, "load-driver-" + UUID.randomUUID(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
        consumer.subscribe(List.of(Topics.IMAGE_PREPROCESSED, Topics.DLQ_PREPROCESS));
        while (!Thread.currentThread().isInterrupted()) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.topic().equals(Topics.DLQ_PREPROCESS)) {
              System.out.printf("dead letter for %s: %s%n", record.key(), new String(record.value(),
                  StandardCharsets.UTF_8));
            }
            done.incrementAndGet();
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        Thread.currentThread().interrupt();
      }
    }, "load-driver-counter");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Samples resident memory and appends each sample to the report at once, so a stopped run keeps its data. */
  private static Thread sampleRss(long pid, Instant start, AtomicInteger done, int everySeconds,
      List<Sample> samples, Path report) {
    Thread thread = new Thread(() -> {
      try {
        Files.writeString(report, "seconds,images_done,rss_mib\n");
        while (true) {
          double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
          Sample sample = new Sample(seconds, Math.max(0, done.get() - 1), rssKib(pid));
          synchronized (samples) {
            samples.add(sample);
          }
          Files.writeString(report, line(sample), java.nio.file.StandardOpenOption.APPEND);
          Thread.sleep(everySeconds * 1000L);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "load-driver-rss");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void waitFor(AtomicInteger done, int expected, Duration timeout, Process service)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (done.get() < expected) {
      if (!service.isAlive()) {
        throw new IllegalStateException("the service exited with status " + service.exitValue()
            + "; see target/load/service.log");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("expected " + expected + " outputs within " + timeout + ", found "
            + done.get());
      }
      Thread.sleep(100);
    }
  }

  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static String line(Sample sample) {
    return String.format("%.1f,%d,%.1f%n", sample.seconds(), sample.done(), sample.rssKib() / 1024.0);
  }

  private static void writeReport(Path report, List<Sample> samples) throws IOException {
    StringBuilder csv = new StringBuilder("seconds,images_done,rss_mib\n");
    for (Sample sample : samples) {
      csv.append(line(sample));
    }
    Files.writeString(report, csv);
    System.out.printf("resident memory samples in %s%n", report);
  }

  private static void printRssSummary(List<Sample> samples) {
    int n = samples.size();
    for (int decile = 0; decile <= 10; decile++) {
      Sample sample = samples.get(Math.min(n - 1, decile * (n - 1) / 10));
      System.out.printf("  t=%7.1f s  images=%6d  rss=%7.1f MiB%n", sample.seconds(), sample.done(),
          sample.rssKib() / 1024.0);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option starting with --, found '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
