package org.pd1response.clinical.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.IndicatorType;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;

class ClinicalModelTest {

  /** Logistic model on albumin and AFP with hand-set parameters. */
  private static final ClinicalModel MODEL = new ClinicalModel(ClinicalModel.FORMAT_VERSION, SyntheticCohorts.SCHEMA,
      List.of(
          new FeatureSpec("albumin", "g/L", IndicatorType.CONTINUOUS, 38, 38, 5),
          new FeatureSpec("afp", "ng/mL", IndicatorType.CONTINUOUS, 20, 40, 80),
          new FeatureSpec("invasion", "1", IndicatorType.BINARY, 0, 0.4, 0.5),
          new FeatureSpec("noise_a", "U/L", IndicatorType.CONTINUOUS, 50, 50, 10),
          new FeatureSpec("noise_b", "U/L", IndicatorType.CONTINUOUS, 90, 90, 20)),
      List.of("albumin", "afp"),
      new Classifier.Logistic(new double[] {0.8, -0.5}, 0.1),
      0.5);

  private static List<ClinicalValue> values(RawValue... raw) {
    return new ClinicalNormaliser(SyntheticCohorts.SCHEMA).normalise(List.of(raw)).values();
  }

  @Test
  void scoresWithStandardisedFeatures() {
    ClinicalPrediction prediction = MODEL.score(values(RawValue.of("albumin", "43"), RawValue.of("afp", "120")));

    double z = 0.1 + 0.8 * (43 - 38) / 5.0 - 0.5 * (120 - 40) / 80.0;
    assertEquals(1 / (1 + Math.exp(-z)), prediction.probability(), 1e-15);
    assertEquals(List.of(), prediction.imputedFeatures());
  }

  @Test
  void imputesMissingSelectedFeature() {
    ClinicalPrediction prediction = MODEL.score(values(RawValue.of("albumin", "43"), RawValue.of("afp", "?")));

    double z = 0.1 + 0.8 * (43 - 38) / 5.0 - 0.5 * (20 - 40) / 80.0;
    assertEquals(1 / (1 + Math.exp(-z)), prediction.probability(), 1e-15);
    assertEquals(List.of("afp"), prediction.imputedFeatures());
    assertEquals(List.of(), prediction.flaggedFeatures());
  }

  @Test
  void flagsAndImputesImpossibleZero() {
    ClinicalPrediction prediction = MODEL.score(values(RawValue.of("albumin", "43"), RawValue.of("afp", "0")));

    assertEquals(List.of("afp"), prediction.imputedFeatures());
    assertEquals(List.of("afp"), prediction.flaggedFeatures());
  }

  @Test
  void flagsPresentValueOutsideRange() {
    List<ClinicalValue> values = List.of(new ClinicalValue("albumin", 75.0, "g/L", null, ValueFlag.PRESENT),
        new ClinicalValue("afp", 12.0, "ng/mL", null, ValueFlag.PRESENT));

    ClinicalPrediction prediction = MODEL.score(values);

    assertEquals(List.of("albumin"), prediction.imputedFeatures());
    assertEquals(List.of("albumin"), prediction.flaggedFeatures());
  }

  @Test
  void rejectsRecordWithAllValuesMissing() {
    ClinicalScoringException error = assertThrows(ClinicalScoringException.class, () -> MODEL.score(values()));

    assertEquals("values", error.field());
    assertTrue(error.getMessage().contains("[albumin, afp]"), error.getMessage());
  }

  @Test
  void rejectsValueInOtherUnit() {
    List<ClinicalValue> values = List.of(new ClinicalValue("albumin", 4.3, "g/dL", null, ValueFlag.PRESENT));

    ClinicalScoringException error = assertThrows(ClinicalScoringException.class, () -> MODEL.score(values));

    assertEquals("albumin.unit", error.field());
    assertTrue(error.getMessage().contains("'g/dL'"), error.getMessage());
  }

  @Test
  void rejectsPresentValueWithoutNumber() {
    List<ClinicalValue> values = List.of(new ClinicalValue("afp", null, "ng/mL", null, ValueFlag.PRESENT));

    ClinicalScoringException error = assertThrows(ClinicalScoringException.class, () -> MODEL.score(values));

    assertEquals("afp.value", error.field());
  }

  @Test
  void scoresIdenticallyAfterJsonRoundTrip() {
    List<ClinicalValue> values = values(RawValue.of("albumin", "41.3"), RawValue.of("afp", "7.77"));

    ClinicalModel copy = ClinicalModel.fromJson(MODEL.toJson());

    assertEquals(MODEL.score(values).probability(), copy.score(values).probability());
  }

  @Test
  void rejectsModelFileOfOtherFormat() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ClinicalModel.fromJson("{\"formatVersion\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertTrue(error.getMessage().startsWith("invalid clinical model file"), error.getMessage());
  }
}
