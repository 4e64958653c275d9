package org.pd1response.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * The clinical model's probability of response for one case revision.
 *
 * @param imputedFeatures features that were missing and replaced by the card's imputation value
 * @param flaggedFeatures features whose input was implausible or unparseable
 */
public record ClinicalScore(
    int schemaVersion,
    String caseId,
    int revision,
    double probability,
    ModelRef model,
    List<String> imputedFeatures,
    List<String> flaggedFeatures,
    Instant scoredAt) {}
