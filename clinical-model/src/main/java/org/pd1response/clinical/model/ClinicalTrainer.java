package org.pd1response.clinical.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.pd1response.clinical.schema.ClinicalSchema;

/**
 * Compares the candidates by stratified repeated k-fold cross-validation and refits the best one
 * on the whole cohort.
 *
 * <p>Within each training fold, in this order: imputation and standardisation are fitted on the
 * fold's rows; Lasso selects features; the minority class is randomly oversampled to parity
 * (seeded), which is how class imbalance is handled for every candidate; each candidate is trained
 * and scores the held-out rows. No fitted step uses a held-out row. The decision threshold
 * maximises Youden's J on the chosen candidate's out-of-fold probabilities.
 */
public final class ClinicalTrainer {

  private final TrainingSettings settings;
  private final Consumer<String> progress;

  public ClinicalTrainer(TrainingSettings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Cross-validates every candidate and returns the chosen model refitted on all rows. */
  public TrainingResult train(Cohort cohort) {
    ClinicalSchema schema = cohort.schema();
    int[] y = cohort.labels();
    int positives = cohort.positives();
    int negatives = y.length - positives;
    if (positives < settings.folds() || negatives < settings.folds()) {
      throw new IllegalArgumentException("cohort needs at least " + settings.folds() + " rows of each class for "
          + settings.folds() + "-fold cross-validation, found " + positives + " positives and " + negatives + " negatives");
    }
    double[][] raw = Preprocessing.rawMatrix(schema, cohort.records());
    progress.accept(String.format("cohort: %d rows, %d positive, %d negative, %d features",
        y.length, positives, negatives, schema.indicators().size()));

    Map<Candidate, double[][]> outOfFold = new EnumMap<>(Candidate.class);
    for (Candidate candidate : settings.candidates()) {
      outOfFold.put(candidate, new double[settings.repeats()][y.length]);
    }
    for (int repeat = 0; repeat < settings.repeats(); repeat++) {
      List<int[][]> folds = Folds.stratified(y, settings.folds(), new Random(settings.seed() + repeat));
      for (int f = 0; f < folds.size(); f++) {
        long foldSeed = settings.seed() * 1_000 + repeat * 100L + f;
        FoldModels models = fitFold(schema, raw, y, folds.get(f)[0], foldSeed);
        double[][] test = Preprocessing.transform(raw, folds.get(f)[1], models.specs(), models.lasso().columns());
        for (Candidate candidate : settings.candidates()) {
          Classifier classifier = models.classifiers().get(candidate);
          for (int i = 0; i < test.length; i++) {
            outOfFold.get(candidate)[repeat][folds.get(f)[1][i]] = classifier.probability(test[i]);
          }
        }
      }
      progress.accept(String.format("repeat %d/%d: %s", repeat + 1, settings.repeats(), repeatSummary(outOfFold, repeat, y)));
    }

    List<CandidateResult> results = new ArrayList<>();
    for (Candidate candidate : settings.candidates()) {
      results.add(summarise(candidate, outOfFold.get(candidate), y, positives, negatives));
    }
    CandidateResult best = results.stream()
        .max((a, b) -> Double.compare(a.auc(), b.auc()))
        .orElseThrow();
    double threshold = Metrics.youdenThreshold(flatten(outOfFold.get(best.candidate())), repeatLabels(y, settings.repeats()));
    progress.accept(String.format("chosen: %s (AUC %.3f), threshold %.4f; refitting on all rows",
        best.candidate(), best.auc(), threshold));

    int[] all = IntStream.range(0, y.length).toArray();
    FoldModels finalModels = fitFold(schema, raw, y, all, settings.seed(), List.of(best.candidate()));
    List<String> selected = new ArrayList<>();
    for (int column : finalModels.lasso().columns()) {
      selected.add(schema.indicators().get(column).name());
    }
    ClinicalModel model = new ClinicalModel(ClinicalModel.FORMAT_VERSION, schema, finalModels.specs(), selected,
        finalModels.classifiers().get(best.candidate()), threshold);
    progress.accept("selected features: " + selected);
    return new TrainingResult(model, best.candidate(), results, finalModels.lasso(), cohort, settings);
  }

  private record FoldModels(List<FeatureSpec> specs, LassoSelection lasso, Map<Candidate, Classifier> classifiers) {}

  private FoldModels fitFold(ClinicalSchema schema, double[][] raw, int[] y, int[] train, long seed) {
    return fitFold(schema, raw, y, train, seed, settings.candidates());
  }

  private FoldModels fitFold(ClinicalSchema schema, double[][] raw, int[] y, int[] train, long seed,
      List<Candidate> candidates) {
    List<FeatureSpec> specs = Preprocessing.fit(schema, raw, train);
    int[] allColumns = IntStream.range(0, specs.size()).toArray();
    int[] trainLabels = SmileTraining.pick(y, train);
    double[][] standardised = Preprocessing.transform(raw, train, specs, allColumns);
    LassoSelection lasso = LassoSelection.select(standardised, trainLabels, settings.hyperparameters().lassoFolds(), seed);

    double[][] selected = Preprocessing.transform(raw, train, specs, lasso.columns());
    int[] balanced = Folds.oversample(IntStream.range(0, train.length).toArray(), trainLabels, new Random(seed));
    double[][] balancedX = LassoSelection.rows(selected, balanced);
    int[] balancedY = SmileTraining.pick(trainLabels, balanced);
    Map<Candidate, Classifier> classifiers = new EnumMap<>(Candidate.class);
    for (Candidate candidate : candidates) {
      classifiers.put(candidate, SmileTraining.train(candidate, balancedX, balancedY, selected, trainLabels,
          settings.hyperparameters(), seed));
    }
    return new FoldModels(specs, lasso, classifiers);
  }

  private static CandidateResult summarise(Candidate candidate, double[][] outOfFold, int[] y, int positives, int negatives) {
    int repeats = outOfFold.length;
    double[] aucs = new double[repeats];
    double sensitivity = 0;
    double specificity = 0;
    double brier = 0;
    for (int r = 0; r < repeats; r++) {
      aucs[r] = Metrics.auc(outOfFold[r], y);
      double[] ss = Metrics.sensitivitySpecificity(outOfFold[r], y, 0.5);
      sensitivity += ss[0] / repeats;
      specificity += ss[1] / repeats;
      brier += Metrics.brier(outOfFold[r], y) / repeats;
    }
    double mean = java.util.Arrays.stream(aucs).average().orElseThrow();
    double variance = java.util.Arrays.stream(aucs).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, repeats - 1);
    double[] ci = Metrics.aucCi95(mean, positives, negatives);
    return new CandidateResult(candidate, mean, ci[0], ci[1], Math.sqrt(variance), sensitivity, specificity, brier);
  }

  private String repeatSummary(Map<Candidate, double[][]> outOfFold, int repeat, int[] y) {
    StringBuilder summary = new StringBuilder();
    for (Candidate candidate : settings.candidates()) {
      summary.append(String.format("%s AUC %.3f  ", candidate, Metrics.auc(outOfFold.get(candidate)[repeat], y)));
    }
    return summary.toString().strip();
  }

  private static double[] flatten(double[][] rows) {
    return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static int[] repeatLabels(int[] y, int repeats) {
    int[] out = new int[y.length * repeats];
    for (int r = 0; r < repeats; r++) {
      System.arraycopy(y, 0, out, r * y.length, y.length);
    }
    return out;
  }
}
