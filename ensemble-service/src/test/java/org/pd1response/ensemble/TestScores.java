package org.pd1response.ensemble;

import java.time.Instant;
import java.util.List;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.Weights;
import org.pd1response.ensemble.model.AcceptedModel;
import org.pd1response.ensemble.model.EnsembleCard;
import org.pd1response.ensemble.model.EnsembleParameters;

/** Score events and an ensemble card with fixed, hand-checkable numbers. */
public final class TestScores {

  public static final CaseIds CASE_IDS = CaseIds.withKey("ensemble-tests-pseudonymisation-key-0001");
  public static final Instant SCORED_AT = Instant.parse("2026-12-04T10:00:00Z");
  public static final String PREPROCESSING_HASH = "a".repeat(64);

  public static final ModelRef IMAGING_V1 = new ModelRef("imaging-cnn", "1.0.0", "1".repeat(64));
  public static final ModelRef IMAGING_V2 = new ModelRef("imaging-cnn", "1.1.0", "2".repeat(64));
  public static final ModelRef IMAGING_NOT_ACCEPTED = new ModelRef("imaging-cnn", "9.0.0", "9".repeat(64));
  public static final ModelRef CLINICAL_V1 = new ModelRef("clinical-lr", "1.0.0", "3".repeat(64));

  public static final double IMAGING_WEIGHT = 0.6;
  public static final double CLINICAL_WEIGHT = 0.4;
  public static final double ENSEMBLE_THRESHOLD = 0.5;
  public static final double IMAGING_V1_THRESHOLD = 0.55;
  public static final double IMAGING_V2_THRESHOLD = 0.6;
  public static final double CLINICAL_V1_THRESHOLD = 0.45;

  public static final EnsembleParameters PARAMETERS = new EnsembleParameters(
      new Weights(IMAGING_WEIGHT, CLINICAL_WEIGHT), ENSEMBLE_THRESHOLD, "YOUDEN_J", List.of(
          new AcceptedModel(Modality.IMAGING, IMAGING_V1.name(), IMAGING_V1.version(), IMAGING_V1_THRESHOLD),
          new AcceptedModel(Modality.IMAGING, IMAGING_V2.name(), IMAGING_V2.version(), IMAGING_V2_THRESHOLD),
          new AcceptedModel(Modality.CLINICAL, CLINICAL_V1.name(), CLINICAL_V1.version(), CLINICAL_V1_THRESHOLD)));

  public static final EnsembleCard CARD =
      new EnsembleCard(new ModelRef("ensemble", "2026.12.04-1", "e".repeat(64)), PARAMETERS);

  private TestScores() {}

  /** Pseudonymous case id of a numbered test case. */
  public static String caseId(int number) {
    return CASE_IDS.forResearchImage("ensemble-tests", "case-" + number);
  }

  public static EventEnvelope<ImagingScore> imaging(String caseId, int revision, double probability, ModelRef model) {
    ImagingScore score = new ImagingScore(1, caseId, revision, probability, model, PREPROCESSING_HASH,
        "cases/" + caseId + "/r" + revision + "/heatmap/" + model.name() + "/" + model.version() + ".npy", null,
        SCORED_AT);
    return EventEnvelope.of(EventIds.of(caseId, revision, Stage.IMAGING_INFERENCE, model.version()),
        EventType.IMAGING_SCORE, Stage.IMAGING_INFERENCE, caseId, score, SCORED_AT);
  }

  public static EventEnvelope<ClinicalScore> clinical(String caseId, int revision, double probability, ModelRef model) {
    ClinicalScore score = new ClinicalScore(1, caseId, revision, probability, model, List.of(), List.of(), SCORED_AT);
    return EventEnvelope.of(EventIds.of(caseId, revision, Stage.CLINICAL_INFERENCE, model.version()),
        EventType.CLINICAL_SCORE, Stage.CLINICAL_INFERENCE, caseId, score, SCORED_AT);
  }
}
