package org.pd1response.contracts.events;

import java.time.Instant;

/**
 * The imaging model's probability of response for one case revision.
 *
 * @param heatMapKey key of the low-resolution Grad-CAM map in the derived bucket
 * @param overlayKey key of the rendered heat-map overlay PNG, which may be written after the event
 */
public record ImagingScore(
    int schemaVersion,
    String caseId,
    int revision,
    double probability,
    ModelRef model,
    String preprocessingHash,
    String heatMapKey,
    String overlayKey,
    Instant scoredAt) {}
