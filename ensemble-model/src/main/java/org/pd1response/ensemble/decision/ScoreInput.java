package org.pd1response.ensemble.decision;

import org.pd1response.contracts.events.ModelRef;

/**
 * One modality's score as the ensemble stored it.
 *
 * @param eventId CloudEvents id of the score event
 * @param receivedAtMillis wall-clock time the ensemble processed the score, in epoch milliseconds
 * @param heatMapKey Grad-CAM key of an imaging score; null for clinical scores
 */
public record ScoreInput(String eventId, double probability, ModelRef model, long receivedAtMillis, String heatMapKey) {}
