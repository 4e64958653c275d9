package org.pd1response.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A case's clinical record, pseudonymised, with every value in its canonical unit. Values that
 * could not be used are listed in {@code missing} and carry a flag, never a number.
 *
 * @param label known outcome of a research record (1 = positive class), null when unknown
 */
public record ClinicalRecordIngested(
    int schemaVersion,
    String caseId,
    int revision,
    List<ClinicalValue> values,
    List<String> missing,
    String cohort,
    Integer label,
    Instant ingestedAt) {}
