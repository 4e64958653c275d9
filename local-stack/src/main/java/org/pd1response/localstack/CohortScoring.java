package org.pd1response.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.ImagingScore;

/**
 * Scores one split of a generated cohort through the running services (ingest, preprocess,
 * imaging and clinical inference) and writes each case's two scores with its label, the input
 * of the ensemble fitting command. Scoring through the services, not through a separate code
 * path, means the ensemble is fitted on exactly what it will combine in production.
 */
final class CohortScoring {

  static final String HEADER = "case_id,label,imaging_probability,clinical_probability";
  private static final Duration SCORE_TIMEOUT = Duration.ofMinutes(10);

  /** A case of the split: its image, masks, label and clinical values. */
  record CohortCase(String imageId, Path image, List<Path> masks, int label, Map<String, String> clinical) {}

  private CohortScoring() {}

  /**
   * Runs the scoring.
   *
   * @param cohort folder written by {@code generate-demo-data}
   * @param manifest manifest of the preprocessing cohort command over that folder, with the splits
   * @param models folder with one sub-folder per model to publish (card.json and model file)
   */
  static int run(StackLayout layout, Path cohort, Path manifest, String split, Path models, Path out) throws Exception {
    List<CohortCase> cases = read(cohort, manifest, split);
    if (cases.isEmpty()) {
      System.err.println("no case of split '" + split + "' in " + manifest);
      return 1;
    }
    try (LocalStack stack = new LocalStack(layout)) {
      stack.startInfrastructure();
      DemoModels.publish(models, layout);
      stack.startServices(List.of("ensemble-service"));
      IngestClient ingest = new IngestClient(layout.service("ingest-service").base());
      Map<String, Integer> labels = new LinkedHashMap<>();
      for (CohortCase c : cases) {
        List<String> names = new ArrayList<>(c.clinical().keySet());
        List<String> values = names.stream().map(c.clinical()::get).toList();
        String caseId = ingest.submitResearchCase("demo-scoring", c.imageId(), c.image(),
            c.masks().isEmpty() ? null : c.masks().get(0), names, values);
        labels.put(caseId, c.label());
      }
      System.out.printf("Submitted %d cases of split %s; waiting for their scores ...%n", labels.size(), split);
      Map<String, double[]> scores = awaitScores(layout.kafkaBootstrap(), labels.keySet());
      StringBuilder csv = new StringBuilder(HEADER).append('\n');
      int complete = 0;
      for (Map.Entry<String, Integer> entry : labels.entrySet()) {
        double[] pair = scores.get(entry.getKey());
        if (pair == null || Double.isNaN(pair[0]) || Double.isNaN(pair[1])) {
          continue;
        }
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", entry.getKey(), entry.getValue(), pair[0], pair[1]));
        complete++;
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, csv, StandardCharsets.UTF_8);
      System.out.printf("Wrote %d of %d cases with both scores to %s%n", complete, labels.size(), out);
      return complete == labels.size() ? 0 : 1;
    }
  }

  static List<CohortCase> read(Path cohort, Path manifest, String split) throws IOException {
    Map<String, Map<String, String>> clinical = new HashMap<>();
    List<String> clinicalLines = Files.readAllLines(cohort.resolve("clinical.csv"), StandardCharsets.UTF_8);
    List<String> clinicalHeader = Arrays.asList(clinicalLines.get(0).split(",", -1));
    for (String line : clinicalLines.subList(1, clinicalLines.size())) {
      String[] fields = line.split(",", -1);
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 1; i < clinicalHeader.size() - 1; i++) {
        values.put(clinicalHeader.get(i), fields[i]);
      }
      clinical.put(fields[0], values);
    }
    List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int splitColumn = header.indexOf("split");
    int sourceColumn = header.indexOf("source_file");
    int maskColumn = header.indexOf("mask_files");
    int labelColumn = header.indexOf("label");
    List<CohortCase> cases = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      if (!fields[splitColumn].equals(split) || fields[labelColumn].isEmpty()) {
        continue;
      }
      String source = fields[sourceColumn];
      List<Path> masks = fields[maskColumn].isEmpty() ? List.of()
          : Arrays.stream(fields[maskColumn].split(";")).map(cohort::resolve).toList();
      String imageId = Path.of(source).getFileName().toString().replaceFirst("\\.png$", "");
      cases.add(new CohortCase(imageId, cohort.resolve(source), masks, Integer.parseInt(fields[labelColumn]),
          clinical.getOrDefault(source, Map.of())));
    }
    return cases;
  }

  /** Reads both score topics until every case has both scores; missing scores stay NaN. */
  private static Map<String, double[]> awaitScores(String bootstrap, java.util.Set<String> caseIds) {
    Map<String, double[]> scores = new HashMap<>();
    caseIds.forEach(id -> scores.put(id, new double[] {Double.NaN, Double.NaN}));
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "cohort-scoring-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      consumer.subscribe(List.of(Topics.IMAGING_SCORES, Topics.CLINICAL_SCORES));
      Instant deadline = Instant.now().plus(SCORE_TIMEOUT);
      while (Instant.now().isBefore(deadline) && scores.values().stream().anyMatch(p -> Double.isNaN(p[0]) || Double.isNaN(p[1]))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          double[] pair = scores.get(record.key());
          if (pair == null) {
            continue;
          }
          if (record.topic().equals(Topics.IMAGING_SCORES)) {
            pair[0] = CloudEventCodec.<ImagingScore>decode(EventType.IMAGING_SCORE, record.key(), record.headers(),
                record.value()).payload().probability();
          } else {
            pair[1] = CloudEventCodec.<ClinicalScore>decode(EventType.CLINICAL_SCORE, record.key(), record.headers(),
                record.value()).payload().probability();
          }
        }
      }
    }
    return scores;
  }
}
