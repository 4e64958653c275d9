package org.pd1response.clinical.model;

/**
 * Fixed hyperparameters of the candidates; cross-validation compares candidates, it does not
 * tune these. Defaults suit cohorts of about 100-1000 patients with standardised features.
 *
 * @param logisticLambda L2 penalty of the logistic regression
 * @param svmC soft-margin penalty of the SVM
 * @param svmSigmaPerSqrtFeature Gaussian kernel width per square root of the feature count, so the
 *     width grows with the typical distance between standardised rows
 * @param plattFolds inner folds whose held-out decision scores fit the SVM's Platt scaling
 * @param knnK neighbours of the KNN classifier
 * @param treeMaxDepth maximum depth of the single decision tree
 * @param treeNodeSize minimum rows in a decision-tree leaf
 * @param forestTrees trees in the random forest
 * @param forestNodeSize minimum rows in a random-forest leaf
 * @param lassoFolds inner folds that choose the Lasso penalty
 */
public record Hyperparameters(
    double logisticLambda,
    double svmC,
    double svmSigmaPerSqrtFeature,
    int plattFolds,
    int knnK,
    int treeMaxDepth,
    int treeNodeSize,
    int forestTrees,
    int forestNodeSize,
    int lassoFolds) {

  /** Returns the defaults. */
  public static Hyperparameters defaults() {
    return new Hyperparameters(0.1, 1.0, 1.0, 3, 15, 4, 5, 300, 3, 5);
  }

  public Hyperparameters {
    require("logisticLambda", logisticLambda >= 0, logisticLambda, ">= 0");
    require("svmC", svmC > 0, svmC, "> 0");
    require("svmSigmaPerSqrtFeature", svmSigmaPerSqrtFeature > 0, svmSigmaPerSqrtFeature, "> 0");
    require("plattFolds", plattFolds >= 2, plattFolds, ">= 2");
    require("knnK", knnK >= 1, knnK, ">= 1");
    require("treeMaxDepth", treeMaxDepth >= 1, treeMaxDepth, ">= 1");
    require("treeNodeSize", treeNodeSize >= 1, treeNodeSize, ">= 1");
    require("forestTrees", forestTrees >= 1, forestTrees, ">= 1");
    require("forestNodeSize", forestNodeSize >= 1, forestNodeSize, ">= 1");
    require("lassoFolds", lassoFolds >= 2, lassoFolds, ">= 2");
  }

  private static void require(String name, boolean valid, double value, String expected) {
    if (!valid) {
      throw new IllegalArgumentException("hyperparameter " + name + " must be " + expected + ", found " + value);
    }
  }
}
