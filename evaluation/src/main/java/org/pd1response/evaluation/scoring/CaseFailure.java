package org.pd1response.evaluation.scoring;

/**
 * A case that one model could not score; the other models still score it, and the other cases are
 * scored as usual.
 *
 * @param model column of the model that failed: imaging, clinical or ensemble
 * @param code stable reason, such as {@code MASK_SIZE_MISMATCH}, {@code MISSING_FILE} or
 *     {@code INVALID_CLINICAL_RECORD}
 * @param message what was expected and what was found
 */
public record CaseFailure(String caseId, String model, String code, String message) {}
