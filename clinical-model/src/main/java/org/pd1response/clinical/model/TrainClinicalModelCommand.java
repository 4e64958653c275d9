package org.pd1response.clinical.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.ClinicalSchemas;
import org.pd1response.contracts.EventJson;

/**
 * Trains the clinical model on a cohort CSV and writes the model file, its card, the results table
 * and the training scores.
 *
 * <pre>
 * train-clinical-model --data FILE --out DIR [--schema uci-hcc|hcc-pd1-baseline|FILE.json]
 *     [--outcome survivalTarget] [--name clinical] [--version 1] [--folds 5] [--repeats 10]
 *     [--seed 20251204] [--candidates LOGISTIC_REGRESSION,SVM,KNN,DECISION_TREE,RANDOM_FOREST]
 * </pre>
 *
 * Output in DIR: {@code clinical-model.json}, {@code model-card.json}, {@code cv-results.md} and
 * {@code training-scores.csv} (row, label, probability of each cohort row under the final model,
 * or the reason it cannot be scored).
 * Publish with object-storage's {@code PublishModelCommand --model DIR/clinical-model.json
 * --card DIR/model-card.json --current}.
 */
public final class TrainClinicalModelCommand {

  /** File name of the model card written next to the model file. */
  public static final String CARD_FILE = "model-card.json";

  private TrainClinicalModelCommand() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = parse(args);
    Path data = Path.of(required(options, "data"));
    Path out = Path.of(required(options, "out"));
    ClinicalSchema schema = schema(options.getOrDefault("schema", "uci-hcc"));
    String outcome = options.getOrDefault("outcome", "survivalTarget");
    TrainingSettings defaults = TrainingSettings.defaults();
    List<Candidate> candidates = options.containsKey("candidates")
        ? Arrays.stream(options.get("candidates").split(",")).map(String::strip).map(TrainClinicalModelCommand::candidate).toList()
        : defaults.candidates();
    TrainingSettings settings = new TrainingSettings(
        integer(options, "folds", defaults.folds()),
        integer(options, "repeats", defaults.repeats()),
        Long.parseLong(options.getOrDefault("seed", Long.toString(defaults.seed()))),
        candidates,
        defaults.hyperparameters());

    long start = System.nanoTime();
    Cohort cohort = CohortReader.readCsv(data, schema, outcome);
    System.out.printf("read %s: %d rows, data SHA-256 %s%n", data, cohort.records().size(), cohort.dataSha256());
    TrainingResult result = new ClinicalTrainer(settings, line -> System.out.println(line)).train(cohort);

    String sha256 = writeOutputs(result, out, options.getOrDefault("name", "clinical"), options.getOrDefault("version", "1"));
    System.out.println();
    System.out.print(ResultsTable.markdown(result));
    System.out.printf("wrote %s (SHA-256 %s) and model-card.json in %s after %.1f s%n",
        ModelCards.MODEL_FILE, sha256, out, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Writes the model file, its card, the results table and the training scores into {@code out}.
   *
   * @return the SHA-256 of the model file, as recorded in the card
   */
  public static String writeOutputs(TrainingResult result, Path out, String name, String version) throws IOException {
    Files.createDirectories(out);
    byte[] modelBytes = result.model().toJson();
    Files.write(out.resolve(ModelCards.MODEL_FILE), modelBytes);
    String sha256 = CohortReader.sha256(modelBytes);
    byte[] card = EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(
        ModelCards.card(result, name, version, sha256, Instant.now()));
    Files.write(out.resolve(CARD_FILE), card);
    Files.writeString(out.resolve("cv-results.md"), ResultsTable.markdown(result), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("training-scores.csv"), trainingScores(result), StandardCharsets.UTF_8);
    return sha256;
  }

  /**
   * Returns "row,label,probability,rejection" lines of every cohort row scored by the final model;
   * a row the model cannot score has an empty probability and the reason.
   */
  public static String trainingScores(TrainingResult result) {
    StringBuilder csv = new StringBuilder("row,label,probability,rejection\n");
    for (int i = 0; i < result.cohort().records().size(); i++) {
      csv.append(i + 1).append(',').append(result.cohort().labels()[i]).append(',');
      try {
        csv.append(result.model().score(result.cohort().records().get(i).values()).probability()).append(',');
      } catch (ClinicalScoringException e) {
        csv.append(',').append(e.getMessage().replace(',', ';'));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static ClinicalSchema schema(String nameOrFile) throws IOException {
    if (nameOrFile.endsWith(".json")) {
      try (InputStream in = Files.newInputStream(Path.of(nameOrFile))) {
        return ClinicalSchema.read(in);
      }
    }
    return ClinicalSchemas.byName(nameOrFile);
  }

  private static Candidate candidate(String name) {
    try {
      return Candidate.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown candidate '" + name + "', expected one of " + Arrays.toString(Candidate.values()), e);
    }
  }

  private static int integer(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be an integer, found '" + value + "'", e);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value pairs, found '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[++i]);
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
}
