package org.pd1response.clinical.model;

/**
 * One node of an exported decision tree, stored in a flat array. An internal node sends a row to
 * {@code left} when its value of {@code feature} is at most {@code threshold}, otherwise to
 * {@code right}; a leaf ({@code feature} -1) gives the positive-class probability.
 *
 * @param feature index into the model's selected features; -1 for a leaf
 * @param probability Laplace-smoothed positive-class probability of a leaf, as Smile computes it
 */
public record TreeNode(int feature, double threshold, int left, int right, double probability) {

  /** Returns whether this node is a leaf. */
  public boolean leaf() {
    return feature < 0;
  }
}
