package org.pd1response.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.ClinicalScore;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.contracts.events.Prediction.ModalityScore;
import org.pd1response.contracts.events.Prediction.PredictionLabel;
import org.pd1response.contracts.events.Prediction.PredictionStatus;
import org.pd1response.contracts.events.Prediction.Weights;

class PredictionWatcherTest {

  private static final Instant SCORED_AT = Instant.parse("2026-12-04T12:00:00Z");
  private static final ModelRef CLINICAL_MODEL = new ModelRef("clinical", "1.0.0", "ab".repeat(32));
  private static final String CASE = "c" + "0123456789abcdef".repeat(2);

  @Test
  void describeListsImputedAndFlaggedFeatures() {
    ClinicalScore score = new ClinicalScore(1, CASE, 1, 0.62, CLINICAL_MODEL, List.of("albumin", "afp"),
        List.of("platelets"), SCORED_AT);

    String line = PredictionWatcher.describe(prediction(), score);

    assertEquals(String.join("\n",
        CASE + "  r1#0  COMPLETE        p=0.700 (threshold 0.500)  RESPONDER     imaging=0.750 clinical=0.620 heat-map=heatmaps/x.npy",
        "      clinical values imputed: albumin, afp",
        "      clinical values implausible or unparseable: platelets"), line);
  }

  @Test
  void describeWithCompleteRecordIsOneLine() {
    ClinicalScore score = new ClinicalScore(1, CASE, 1, 0.62, CLINICAL_MODEL, List.of(), List.of(), SCORED_AT);

    String line = PredictionWatcher.describe(prediction(), score);

    assertEquals(PredictionWatcher.describe(prediction()), line);
    assertEquals(1, line.lines().count());
  }

  private static Prediction prediction() {
    return new Prediction(1, CASE, 1, 0, PredictionStatus.COMPLETE,
        new ModalityScore(0.75, new ModelRef("imaging-cnn", "1.0.0", "cd".repeat(32)), SCORED_AT),
        new ModalityScore(0.62, CLINICAL_MODEL, SCORED_AT), new Weights(0.6, 0.4), 0.7, PredictionLabel.RESPONDER, 0.5,
        "heatmaps/x.npy", List.of(Modality.IMAGING, Modality.CLINICAL), new ModelRef("ensemble", "1.0.0", "ef".repeat(32)),
        SCORED_AT, null, List.of());
  }
}
