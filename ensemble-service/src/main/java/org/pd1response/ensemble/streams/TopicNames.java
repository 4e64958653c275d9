package org.pd1response.ensemble.streams;

import org.pd1response.contracts.Topics;

/**
 * The four topics of the ensemble topology. The service uses {@link #CATALOGUE}; tests that run
 * a second topology next to the service on one broker use topics of their own.
 */
public record TopicNames(String imagingScores, String clinicalScores, String predictions, String deadLetters) {

  /** The pipeline's topics from the catalogue. */
  public static final TopicNames CATALOGUE =
      new TopicNames(Topics.IMAGING_SCORES, Topics.CLINICAL_SCORES, Topics.PREDICTIONS, Topics.DLQ_ENSEMBLE);

  /** Topics with the catalogue's names behind a prefix, such as {@code crash-test.scores.imaging}. */
  public static TopicNames prefixed(String prefix) {
    return new TopicNames(prefix + CATALOGUE.imagingScores(), prefix + CATALOGUE.clinicalScores(),
        prefix + CATALOGUE.predictions(), prefix + CATALOGUE.deadLetters());
  }
}
