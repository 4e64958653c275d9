package org.pd1response.clinical.model;

/** The five classifiers compared by cross-validation, as in the study. */
public enum Candidate {
  LOGISTIC_REGRESSION,
  SVM,
  KNN,
  DECISION_TREE,
  RANDOM_FOREST
}
