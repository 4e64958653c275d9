package org.pd1response.clinical.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pd1response.clinical.model.Candidate;
import org.pd1response.clinical.model.ClinicalModel;
import org.pd1response.clinical.model.ClinicalTrainer;
import org.pd1response.clinical.model.Cohort;
import org.pd1response.clinical.model.Hyperparameters;
import org.pd1response.clinical.model.ModelCards;
import org.pd1response.clinical.model.TrainClinicalModelCommand;
import org.pd1response.clinical.model.TrainingResult;
import org.pd1response.clinical.model.TrainingSettings;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.ClinicalSchemas;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.clinical.schema.RawValue;

/**
 * Clinical models trained by the library's training code on a generated cohort of the baseline
 * schema, written to disk by the training command's own output code. Files go to a folder per JVM,
 * so the test resources and the tests, which Quarkus loads in different class loaders, share one
 * set of bytes and the registry never receives two different files for one version.
 */
final class TestModels {

  static final String NAME = "clinical";
  static final String TAMPERED_NAME = "clinical-tampered";
  static final String FIRST_VERSION = "1.0.0";
  static final String SECOND_VERSION = "2.0.0";
  static final int ROWS = 120;
  static final long COHORT_SEED = 42L;

  private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"),
      "clinical-inference-it-" + ProcessHandle.current().pid());
  private static final Hyperparameters SMALL = new Hyperparameters(0.1, 1.0, 1.0, 3, 9, 3, 3, 40, 3, 3);

  /** A trained model's files and the probability the training command wrote for each cohort row. */
  record Trained(String name, String version, Path modelFile, Path cardFile, ClinicalModel model, List<Double> scores) {}

  private TestModels() {}

  /** Version 1 chooses between logistic regression and random forest; version 2 is logistic regression only. */
  static synchronized Trained version(String name, String version) {
    Path folder = ROOT.resolve(name + "-" + version);
    try {
      if (!Files.exists(folder.resolve("training-scores.csv"))) {
        List<Candidate> candidates = version.equals(FIRST_VERSION)
            ? List.of(Candidate.LOGISTIC_REGRESSION, Candidate.RANDOM_FOREST)
            : List.of(Candidate.LOGISTIC_REGRESSION);
        TrainingResult result = new ClinicalTrainer(new TrainingSettings(3, 1, 5L, candidates, SMALL), line -> { })
            .train(cohort());
        TrainClinicalModelCommand.writeOutputs(result, folder, name, version);
      }
      List<Double> scores = new ArrayList<>();
      for (String line : Files.readAllLines(folder.resolve("training-scores.csv")).subList(1, ROWS + 1)) {
        String probability = line.split(",", -1)[2];
        scores.add(probability.isEmpty() ? null : Double.valueOf(probability));
      }
      Path modelFile = folder.resolve(ModelCards.MODEL_FILE);
      return new Trained(name, version, modelFile, folder.resolve(TrainClinicalModelCommand.CARD_FILE),
          ClinicalModel.fromJson(Files.readAllBytes(modelFile)), scores);
    } catch (IOException e) {
      throw new UncheckedIOException("training test model " + name + " " + version + " failed", e);
    }
  }

  /**
   * Generates a seeded cohort of baseline records. Responders have higher albumin, lower AFP and
   * less vascular invasion. Platelets arrive in three units, and some values are missing or
   * implausible.
   */
  static Cohort cohort() {
    ClinicalSchema schema = ClinicalSchemas.hccPd1Baseline();
    ClinicalNormaliser normaliser = new ClinicalNormaliser(schema);
    Random random = new Random(COHORT_SEED);
    List<NormalisedRecord> records = new ArrayList<>();
    int[] labels = new int[ROWS];
    String[] plateletUnits = {"10^9/L", "/uL", "10^12/L"};
    double[] plateletFactors = {1, 1000, 0.001};
    for (int i = 0; i < ROWS; i++) {
      int label = i % 3 == 0 ? 1 : 0;
      labels[i] = label;
      int unit = i % 3;
      double platelets = 80 + 150 * random.nextDouble();
      records.add(normaliser.normalise(List.of(
          RawValue.of("age", Integer.toString(45 + random.nextInt(35))),
          RawValue.of("sex", random.nextBoolean() ? "male" : "female"),
          RawValue.of("albumin", random.nextDouble() < 0.1 ? "?" : String.format("%.1f", 34 + 5 * label + 4 * random.nextGaussian())),
          RawValue.of("afp", i % 17 == 0 ? "0" : String.format("%.1f", Math.exp(4 - 1.5 * label + random.nextGaussian()))),
          new RawValue("platelets", String.format("%.4f", platelets * plateletFactors[unit]), plateletUnits[unit]),
          RawValue.of("total_bilirubin", String.format("%.1f", 10 + 8 * random.nextDouble())),
          RawValue.of("child_pugh_class", random.nextDouble() < 0.7 ? "A" : "B"),
          RawValue.of("vascular_invasion", random.nextDouble() < (label == 1 ? 0.2 : 0.6) ? "yes" : "no"))));
    }
    return new Cohort(schema, records, labels, "0".repeat(64));
  }
}
