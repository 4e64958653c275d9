package org.pd1response.evaluation.scoring;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.evaluation.predictions.ModelColumn;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;

/**
 * Scores a cohort with the given models and builds the predictions table: one row per case, one
 * probability column per model with the model's own decision threshold. A model that fails on a
 * case leaves that cell empty and adds a {@link CaseFailure}. The ensemble then decides from the
 * scores that remain, as the service does when a modality never arrives.
 */
public final class CohortScorer {

  /** The predictions and the failures, in case order. */
  public record Result(PredictionTable table, List<CaseFailure> failures) {}

  private final ImagingScorer imaging;
  private final List<ClinicalScorer> clinical;
  private final EnsembleScorer ensemble;
  private final ClinicalScorer ensembleClinical;

  /**
   * Checks that the models fit together.
   *
   * @param imaging imaging model; null for none
   * @param clinical clinical models, each with its own column; empty for none
   * @param ensemble ensemble; null for none. It needs an imaging model and a clinical model that its card accepts.
   * @throws InvalidInputException when the ensemble lacks a modality or its card accepts neither model
   */
  public CohortScorer(ImagingScorer imaging, List<ClinicalScorer> clinical, EnsembleScorer ensemble) {
    this.imaging = imaging;
    this.clinical = List.copyOf(clinical);
    this.ensemble = ensemble;
    if (imaging == null && clinical.isEmpty()) {
      throw new InvalidInputException("at least one model is required: --imaging-model or --clinical-model, found neither");
    }
    if (ensemble == null) {
      this.ensembleClinical = null;
      return;
    }
    if (imaging == null || clinical.isEmpty()) {
      throw new InvalidInputException("--ensemble-model needs both --imaging-model and --clinical-model, found "
          + (imaging == null ? "no imaging model" : "no clinical model"));
    }
    ensemble.requireAccepted(Modality.IMAGING, imaging.ref());
    ClinicalScorer accepted = null;
    InvalidInputException rejection = null;
    for (ClinicalScorer candidate : clinical) {
      try {
        ensemble.requireAccepted(Modality.CLINICAL, candidate.ref());
        accepted = candidate;
        break;
      } catch (InvalidInputException e) {
        rejection = e;
      }
    }
    if (accepted == null) {
      throw rejection;
    }
    this.ensembleClinical = accepted;
  }

  /** Scores every case; cases without an image or a clinical record get empty cells for that model. */
  public Result score(List<ScoringCase> cases, List<String> subgroups) throws OrtException {
    List<CaseFailure> failures = new ArrayList<>();
    List<ModelColumn> columns = new ArrayList<>();
    Map<String, Double> imagingScores = Map.of();
    if (imaging != null) {
      columns.add(new ModelColumn(ImagingScorer.COLUMN, imaging.threshold()));
      imagingScores = imaging.score(cases, failures);
    }
    Map<String, Map<String, Double>> clinicalScores = new LinkedHashMap<>();
    for (ClinicalScorer scorer : clinical) {
      columns.add(new ModelColumn(scorer.column(), scorer.threshold()));
      clinicalScores.put(scorer.column(), scorer.score(cases, failures));
    }
    if (ensemble != null) {
      columns.add(new ModelColumn(EnsembleScorer.COLUMN, ensemble.threshold()));
    }

    List<PredictionRow> rows = new ArrayList<>();
    for (ScoringCase scoringCase : cases) {
      Map<String, Double> probabilities = new LinkedHashMap<>();
      Double imagingProbability = imagingScores.get(scoringCase.caseId());
      if (imagingProbability != null) {
        probabilities.put(ImagingScorer.COLUMN, imagingProbability);
      }
      for (Map.Entry<String, Map<String, Double>> entry : clinicalScores.entrySet()) {
        Double probability = entry.getValue().get(scoringCase.caseId());
        if (probability != null) {
          probabilities.put(entry.getKey(), probability);
        }
      }
      if (ensemble != null) {
        Double combined = ensemble.combine(scoringCase.caseId(), imagingProbability, imaging.ref(),
            clinicalScores.get(ensembleClinical.column()).get(scoringCase.caseId()), ensembleClinical.ref());
        if (combined != null) {
          probabilities.put(EnsembleScorer.COLUMN, combined);
        }
      }
      rows.add(new PredictionRow(scoringCase.caseId(), scoringCase.cohort(), scoringCase.label(),
          scoringCase.subgroups(), probabilities));
    }
    return new Result(new PredictionTable(columns, subgroups, rows), failures);
  }
}
