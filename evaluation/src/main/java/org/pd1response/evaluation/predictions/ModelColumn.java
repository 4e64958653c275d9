package org.pd1response.evaluation.predictions;

import java.util.regex.Pattern;

/**
 * One model's probability column in a predictions file and the decision threshold that turns its
 * probability into a predicted class (positive when {@code probability >= threshold}).
 */
public record ModelColumn(String name, double threshold) {

  /** Model names are kept to file-name-safe characters because figures are named after them. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ModelColumn {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "model name must match " + NAME.pattern() + ", found '" + name + "'");
    }
    if (!(threshold >= 0.0 && threshold <= 1.0)) {
      throw new IllegalArgumentException(
          "threshold of model " + name + " must be in [0, 1], found " + threshold);
    }
  }
}
