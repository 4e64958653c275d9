package org.pd1response.clinical.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.classification.DecisionTree;
import smile.classification.KNN;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.classification.SVM;
import smile.data.DataFrame;

/** Checks that every exported classifier computes what the Smile model it came from computes. */
class SmileExportTest {

  private static final long SEED = 11L;
  private static final int ROWS = 80;
  private static final Hyperparameters HP = new Hyperparameters(0.1, 1.0, 1.0, 3, 7, 4, 3, 25, 3, 3);
  private static final double TOLERANCE = 1e-12;

  private final double[][] x = new double[ROWS][3];
  private final int[] y = new int[ROWS];

  SmileExportTest() {
    Random random = new Random(SEED);
    for (int i = 0; i < ROWS; i++) {
      y[i] = i % 2;
      x[i][0] = random.nextGaussian() + y[i];
      x[i][1] = random.nextGaussian() - 0.5 * y[i];
      x[i][2] = random.nextGaussian();
    }
  }

  @Test
  void logisticExportMatchesSmile() {
    LogisticRegression.Binomial smile = LogisticRegression.binomial(x, y, HP.logisticLambda(), 1e-6, 1000);
    Classifier exported = SmileTraining.logistic(x, y, HP);

    for (double[] row : x) {
      double[] posteriori = new double[2];
      smile.predict(row, posteriori);
      assertEquals(posteriori[1], exported.probability(row), TOLERANCE);
    }
  }

  @Test
  void svmExportMatchesSmileDecisionScore() {
    SVM<double[]> smile = SmileTraining.svmModel(x, y, HP, SEED);
    Classifier.Svm exported = SmileTraining.svm(x, y, x, y, HP, SEED);

    for (double[] row : x) {
      assertEquals(smile.score(row), exported.decision(row), 1e-9);
    }
  }

  @Test
  void decisionTreeExportMatchesSmile() {
    DecisionTree smile = SmileTraining.decisionTree(x, y, HP);
    Classifier exported = new Classifier.Trees(java.util.List.of(SmileTraining.export(smile)), new double[] {1});

    DataFrame frame = SmileTraining.frame(x, y);
    for (int i = 0; i < ROWS; i++) {
      double[] row = x[i];
      double[] posteriori = new double[2];
      smile.predict(frame.get(i), posteriori);
      assertEquals(posteriori[1], exported.probability(row), TOLERANCE);
    }
  }

  @Test
  void randomForestExportMatchesSmile() {
    RandomForest smile = SmileTraining.forestModel(x, y, HP, SEED);
    Classifier exported = SmileTraining.forest(x, y, HP, SEED);

    DataFrame frame = SmileTraining.frame(x, y);
    for (int i = 0; i < ROWS; i++) {
      double[] row = x[i];
      double[] posteriori = new double[2];
      smile.predict(frame.get(i), posteriori);
      assertEquals(posteriori[1], exported.probability(row), TOLERANCE);
    }
  }

  @Test
  void knnExportMatchesSmileVotes() {
    KNN<double[]> smile = KNN.fit(x, y, HP.knnK());
    Classifier exported = new Classifier.Knn(HP.knnK(), x, y);

    // Queries are copies: Smile's neighbour search skips a query that is the same array as a training row.
    for (double[] row : x) {
      double[] query = row.clone();
      double[] posteriori = new double[2];
      smile.predict(query, posteriori);
      assertEquals(posteriori[1], exported.probability(query), TOLERANCE);
    }
  }
}
