package org.pd1response.clinical.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Parameters of a trained classifier, exported from Smile into plain numbers so that a model file
 * loads as JSON without any Java deserialisation. {@link #probability} computes the same
 * positive-class probability as the Smile model it was exported from (checked by tests).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Classifier.Logistic.class, name = "LOGISTIC_REGRESSION"),
  @JsonSubTypes.Type(value = Classifier.Svm.class, name = "SVM"),
  @JsonSubTypes.Type(value = Classifier.Knn.class, name = "KNN"),
  @JsonSubTypes.Type(value = Classifier.Trees.class, name = "TREES")
})
public sealed interface Classifier {

  /** Returns the positive-class probability of a standardised row of the selected features. */
  double probability(double[] x);

  /** Logistic regression: p = 1 / (1 + exp(-(w . x + b))). */
  record Logistic(double[] weights, double intercept) implements Classifier {
    @Override
    public double probability(double[] x) {
      double z = intercept;
      for (int i = 0; i < x.length; i++) {
        z += weights[i] * x[i];
      }
      return 1.0 / (1.0 + Math.exp(-z));
    }
  }

  /**
   * Support vector machine with a Gaussian kernel k(u, v) = exp(-|u - v|^2 / (2 sigma^2)), decision
   * score s = sum(alpha_i k(sv_i, x)) + b, and Platt scaling p = 1 / (1 + exp(-(plattA s + plattB))).
   */
  record Svm(double sigma, double[][] supportVectors, double[] alphas, double intercept, double plattA, double plattB)
      implements Classifier {

    /** Returns the decision score before Platt scaling. */
    public double decision(double[] x) {
      double gamma = 1.0 / (2 * sigma * sigma);
      double s = intercept;
      for (int i = 0; i < supportVectors.length; i++) {
        double squared = 0;
        double[] v = supportVectors[i];
        for (int j = 0; j < x.length; j++) {
          double d = v[j] - x[j];
          squared += d * d;
        }
        s += alphas[i] * Math.exp(-gamma * squared);
      }
      return s;
    }

    @Override
    public double probability(double[] x) {
      return 1.0 / (1.0 + Math.exp(-(plattA * decision(x) + plattB)));
    }
  }

  /**
   * k nearest neighbours by Euclidean distance: the share of positive labels among the k training
   * rows nearest to x. Ties in distance go to the earlier training row.
   */
  record Knn(int k, double[][] points, int[] labels) implements Classifier {
    @Override
    public double probability(double[] x) {
      int n = points.length;
      double[] distance = new double[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        double squared = 0;
        for (int j = 0; j < x.length; j++) {
          double d = points[i][j] - x[j];
          squared += d * d;
        }
        distance[i] = squared;
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
      int neighbours = Math.min(k, n);
      int positives = 0;
      for (int i = 0; i < neighbours; i++) {
        positives += labels[order[i]];
      }
      return (double) positives / neighbours;
    }
  }

  /**
   * One decision tree or a random forest: the weighted mean of the trees' leaf probabilities.
   * Smile weights each forest tree by its out-of-bag accuracy; a single tree has weight 1.
   */
  record Trees(List<List<TreeNode>> trees, double[] weights) implements Classifier {
    @Override
    public double probability(double[] x) {
      double positive = 0;
      double total = 0;
      for (int t = 0; t < trees.size(); t++) {
        List<TreeNode> nodes = trees.get(t);
        TreeNode node = nodes.get(0);
        while (!node.leaf()) {
          node = nodes.get(x[node.feature()] <= node.threshold() ? node.left() : node.right());
        }
        positive += weights[t] * node.probability();
        total += weights[t];
      }
      return positive / total;
    }
  }
}
