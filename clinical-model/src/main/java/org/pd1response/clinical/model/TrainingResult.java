package org.pd1response.clinical.model;

import java.util.List;

/**
 * Outcome of a training run.
 *
 * @param model the chosen candidate refitted on all rows
 * @param chosen the candidate with the highest cross-validated AUC
 * @param results cross-validated performance of every candidate, in settings order
 * @param lasso selection fitted on all rows, the one the model uses
 */
public record TrainingResult(
    ClinicalModel model,
    Candidate chosen,
    List<CandidateResult> results,
    LassoSelection lasso,
    Cohort cohort,
    TrainingSettings settings) {}
