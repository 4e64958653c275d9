package org.pd1response.clinical.model;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.classification.SVM;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;

/**
 * Trains each candidate with Smile on standardised, balanced rows and exports it to a
 * {@link Classifier} of plain numbers.
 */
public final class SmileTraining {

  private static final String LABEL = "label";
  private static final Field ORDINAL_SPLIT_VALUE = splitValueField();

  private SmileTraining() {}

  /**
   * Trains one candidate.
   *
   * @param x standardised rows of the selected features, already balanced by oversampling
   * @param y labels 0/1 of those rows
   * @param calibrationX standardised rows, not oversampled, whose held-out scores fit Platt scaling
   * @param calibrationY labels of {@code calibrationX}
   */
  public static Classifier train(Candidate candidate, double[][] x, int[] y, double[][] calibrationX,
      int[] calibrationY, Hyperparameters hp, long seed) {
    return switch (candidate) {
      case LOGISTIC_REGRESSION -> logistic(x, y, hp);
      case SVM -> svm(x, y, calibrationX, calibrationY, hp, seed);
      case KNN -> new Classifier.Knn(hp.knnK(), copy(x), y.clone());
      case DECISION_TREE -> new Classifier.Trees(List.of(export(decisionTree(x, y, hp))), new double[] {1.0});
      case RANDOM_FOREST -> forest(x, y, hp, seed);
    };
  }

  static Classifier.Logistic logistic(double[][] x, int[] y, Hyperparameters hp) {
    LogisticRegression.Binomial model = LogisticRegression.binomial(x, y, hp.logisticLambda(), 1e-6, 1000);
    double[] w = model.coefficients();
    double[] weights = java.util.Arrays.copyOf(w, x[0].length);
    return new Classifier.Logistic(weights, w[x[0].length]);
  }

  static double sigma(int features, Hyperparameters hp) {
    return hp.svmSigmaPerSqrtFeature() * Math.sqrt(features);
  }

  /** Fits Smile's SVM; Smile's solver visits rows in a random order, so its generator is seeded first. */
  static SVM<double[]> svmModel(double[][] x, int[] y, Hyperparameters hp, long seed) {
    MathEx.setSeed(seed);
    int[] signs = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      signs[i] = y[i] == 1 ? 1 : -1;
    }
    return SVM.fit(x, signs, new GaussianKernel(sigma(x[0].length, hp)), hp.svmC(), 1e-3);
  }

  /**
   * Fits the SVM on all balanced rows, and Platt scaling on decision scores of calibration rows
   * that each come from an SVM trained without them (inner stratified folds).
   */
  static Classifier.Svm svm(double[][] x, int[] y, double[][] calibrationX, int[] calibrationY,
      Hyperparameters hp, long seed) {
    double[] heldOutScores = new double[calibrationY.length];
    for (int[][] fold : Folds.stratified(calibrationY, Math.min(hp.plattFolds(), minorityCount(calibrationY)),
        new Random(seed))) {
      int[] balanced = Folds.oversample(fold[0], calibrationY, new Random(seed + 1));
      SVM<double[]> inner = svmModel(LassoSelection.rows(calibrationX, balanced), pick(calibrationY, balanced), hp, seed + 1);
      for (int row : fold[1]) {
        heldOutScores[row] = inner.score(calibrationX[row]);
      }
    }
    double[][] scoreColumn = new double[heldOutScores.length][1];
    for (int i = 0; i < heldOutScores.length; i++) {
      scoreColumn[i][0] = heldOutScores[i];
    }
    double[] platt = LogisticRegression.binomial(scoreColumn, calibrationY, 0.0, 1e-8, 1000).coefficients();

    SVM<double[]> model = svmModel(x, y, hp, seed);
    return new Classifier.Svm(sigma(x[0].length, hp), copy(model.vectors()), model.weights().clone(),
        model.intercept(), platt[0], platt[1]);
  }

  static DecisionTree decisionTree(double[][] x, int[] y, Hyperparameters hp) {
    return DecisionTree.fit(Formula.lhs(LABEL), frame(x, y), SplitRule.GINI, hp.treeMaxDepth(),
        Math.max(2, x.length / hp.treeNodeSize()), hp.treeNodeSize());
  }

  /**
   * Fits Smile's random forest reproducibly. Smile grows trees on a parallel stream and draws the
   * candidate columns of each split from a per-thread generator, so the same seed gives different
   * forests depending on which thread grows which tree. Running the fit in a one-thread pool whose
   * generator is seeded first makes it depend on the seed only, at the cost of using one core.
   */
  static RandomForest forestModel(double[][] x, int[] y, Hyperparameters hp, long seed) {
    int mtry = Math.max(1, (int) Math.floor(Math.sqrt(x[0].length)));
    int maxNodes = Math.max(2, x.length / hp.forestNodeSize());
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      return pool.submit(() -> {
        MathEx.setSeed(seed);
        Random random = new Random(seed);
        LongStream seeds = LongStream.generate(random::nextLong);
        return RandomForest.fit(Formula.lhs(LABEL), frame(x, y), hp.forestTrees(), mtry, SplitRule.GINI, 20, maxNodes,
            hp.forestNodeSize(), 1.0, null, seeds);
      }).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("random forest training was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("random forest training failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  static Classifier.Trees forest(double[][] x, int[] y, Hyperparameters hp, long seed) {
    RandomForest forest = forestModel(x, y, hp, seed);
    List<List<TreeNode>> trees = new ArrayList<>();
    double[] weights = new double[forest.models().length];
    for (int t = 0; t < forest.models().length; t++) {
      trees.add(export(forest.models()[t].tree));
      weights[t] = forest.models()[t].weight;
    }
    return new Classifier.Trees(trees, weights);
  }

  static DataFrame frame(double[][] x, int[] y) {
    String[] names = new String[x[0].length];
    for (int j = 0; j < names.length; j++) {
      names[j] = "f" + j;
    }
    return DataFrame.of(x, names).merge(IntVector.of(LABEL, y));
  }

  /** Flattens a Smile tree into nodes, root first. */
  static List<TreeNode> export(DecisionTree tree) {
    List<TreeNode> nodes = new ArrayList<>();
    add(tree.root(), nodes);
    return nodes;
  }

  private static int add(Node node, List<TreeNode> nodes) {
    int index = nodes.size();
    if (node instanceof DecisionNode leaf) {
      double[] posteriori = DecisionNode.posteriori(leaf.count(), new double[leaf.count().length]);
      nodes.add(new TreeNode(-1, 0, -1, -1, posteriori[1]));
      return index;
    }
    if (!(node instanceof OrdinalNode split)) {
      throw new IllegalStateException("unexpected tree node " + node.getClass().getName()
          + ", expected an ordinal split or a decision leaf for numeric features");
    }
    nodes.add(null);
    int left = add(((InternalNode) split).trueChild(), nodes);
    int right = add(split.falseChild(), nodes);
    nodes.set(index, new TreeNode(split.feature(), splitValue(split), left, right, 0));
    return index;
  }

  /**
   * Reads the split value of an ordinal node. Smile 3.1.1 offers no accessor for it, so it is read
   * by reflection; the value is what {@code OrdinalNode.branch} compares with {@code <=}.
   */
  private static double splitValue(OrdinalNode node) {
    try {
      return ORDINAL_SPLIT_VALUE.getDouble(node);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read Smile's OrdinalNode.value", e);
    }
  }

  private static Field splitValueField() {
    try {
      Field field = OrdinalNode.class.getDeclaredField("value");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Smile's OrdinalNode has no field 'value'; the tree export needs Smile 3.1.1", e);
    }
  }

  private static int minorityCount(int[] y) {
    int positives = 0;
    for (int label : y) {
      positives += label;
    }
    return Math.max(2, Math.min(positives, y.length - positives));
  }

  static int[] pick(int[] y, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = y[rows[i]];
    }
    return out;
  }

  private static double[][] copy(double[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].clone();
    }
    return out;
  }
}
