package org.pd1response.clinical.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClinicalTrainerTest {

  private static final long SEED = 7L;
  private static final Hyperparameters SMALL_FOREST = new Hyperparameters(0.1, 1.0, 1.0, 3, 7, 3, 3, 40, 3, 3);

  private static TrainingResult train(Cohort cohort, int folds, List<Candidate> candidates) {
    List<String> progress = new ArrayList<>();
    TrainingResult result = new ClinicalTrainer(new TrainingSettings(folds, 1, SEED, candidates, SMALL_FOREST), progress::add)
        .train(cohort);
    assertTrue(progress.size() >= 3, "progress lines: " + progress);
    return result;
  }

  @Test
  void comparesAllFiveCandidates() {
    // given a balanced cohort with 10 % missing values
    Cohort cohort = SyntheticCohorts.generate(120, 60, 0.1, SEED);

    // when
    TrainingResult result = train(cohort, 3, List.of(Candidate.values()));

    // then every candidate has a finite AUC well above chance and a CI around it
    assertEquals(5, result.results().size());
    for (CandidateResult candidate : result.results()) {
      assertTrue(candidate.auc() > 0.6, candidate.toString());
      assertTrue(candidate.aucCi95Low() < candidate.auc(), candidate.toString());
      assertTrue(candidate.aucCi95High() > candidate.auc(), candidate.toString());
    }
    assertTrue(result.model().selected().contains("albumin"), result.model().selected().toString());
    assertTrue(result.model().selected().contains("afp"), result.model().selected().toString());
  }

  @Test
  void keepsMinorityRecallAtTwoPercent() {
    // given 2 % positives: 6 of 300 rows
    Cohort cohort = SyntheticCohorts.generate(300, 6, 0.05, SEED);

    // when
    TrainingResult result = train(cohort, 3, List.of(Candidate.LOGISTIC_REGRESSION));

    // then cross-validated recall of the positive class is above 0
    CandidateResult logistic = result.results().get(0);
    assertTrue(logistic.sensitivity() > 0, logistic.toString());
    int recalled = 0;
    for (int i = 0; i < cohort.labels().length; i++) {
      double p = result.model().score(cohort.records().get(i).values()).probability();
      if (cohort.labels()[i] == 1 && p >= result.model().threshold()) {
        recalled++;
      }
    }
    assertTrue(recalled > 0, "positives at or above threshold " + result.model().threshold());
  }

  @Test
  void scoresEveryRowWithFiniteProbability() {
    // given a cohort where 40 % of values are missing
    Cohort cohort = SyntheticCohorts.generate(90, 45, 0.4, SEED);

    // when
    TrainingResult result = train(cohort, 3, List.of(Candidate.RANDOM_FOREST, Candidate.SVM));

    // then no NaN comes out for any row; rows without any selected feature are reported, not scored
    String scores = TrainClinicalModelCommand.trainingScores(result);
    List<String> lines = scores.lines().skip(1).toList();
    assertEquals(90, lines.size());
    for (String line : lines) {
      String[] cells = line.split(",", -1);
      if (cells[2].isEmpty()) {
        assertTrue(cells[3].contains("selected features missing"), line);
      } else {
        double p = Double.parseDouble(cells[2]);
        assertTrue(p >= 0, line);
        assertTrue(p <= 1, line);
      }
    }
  }

  @Test
  void trainsIdenticallyWithSameSeed() {
    Cohort cohort = SyntheticCohorts.generate(90, 45, 0.1, SEED);

    TrainingResult first = train(cohort, 3, List.of(Candidate.RANDOM_FOREST));
    TrainingResult second = train(cohort, 3, List.of(Candidate.RANDOM_FOREST));

    assertEquals(CohortReader.sha256(first.model().toJson()), CohortReader.sha256(second.model().toJson()));
  }
}
