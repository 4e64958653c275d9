package org.pd1response.clinical.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.clinical.schema.ClinicalSchemas;
import org.pd1response.testsupport.SharedData;

/**
 * Trains on the real UCI HCC extract with one repeat of 5-fold CV, a short version of the
 * documented training run.
 */
class UciHccTrainingTest {

  /** Published decision-tree ROC AUC on this data set (Chicco and Oneto 2021). */
  private static final double PUBLISHED_DECISION_TREE_AUC = 0.650;

  @Test
  void randomForestBeatsPublishedDecisionTree() throws IOException {
    // given
    Path csv = SharedData.require().resolve("hcc-uci/hcc-data-with-header.csv");
    Cohort cohort = CohortReader.readCsv(csv, ClinicalSchemas.uciHcc(), "survivalTarget");
    TrainingSettings settings = new TrainingSettings(5, 1, TrainingSettings.defaults().seed(),
        List.of(Candidate.LOGISTIC_REGRESSION, Candidate.RANDOM_FOREST), Hyperparameters.defaults());

    // when
    TrainingResult result = new ClinicalTrainer(settings, line -> { }).train(cohort);

    // then
    assertEquals(135, cohort.records().size());
    assertEquals(84, cohort.positives());
    CandidateResult forest = result.results().get(1);
    assertEquals(Candidate.RANDOM_FOREST, forest.candidate());
    assertTrue(forest.auc() > PUBLISHED_DECISION_TREE_AUC, forest.toString());
    for (int i = 0; i < cohort.records().size(); i++) {
      double p = result.model().score(cohort.records().get(i).values()).probability();
      assertTrue(p >= 0, "row " + i);
      assertTrue(p <= 1, "row " + i);
    }
  }
}
