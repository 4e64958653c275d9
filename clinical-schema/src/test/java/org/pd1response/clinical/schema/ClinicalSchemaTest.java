package org.pd1response.clinical.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClinicalSchemaTest {

  private static final String VALID_INDICATOR =
      "{\"name\":\"alb\",\"type\":\"CONTINUOUS\",\"unit\":\"g/L\",\"range\":{\"min\":10,\"max\":60}}";

  private static ClinicalSchema parse(String indicators) {
    String json = "{\"schemaVersion\":1,\"name\":\"test\",\"version\":\"1\",\"missingCodes\":[\"?\"],"
        + "\"indicators\":[" + indicators + "]}";
    return ClinicalSchema.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void uciSchemaHasAllFortyNineFeatures() {
    ClinicalSchema schema = ClinicalSchemas.uciHcc();

    assertEquals(49, schema.indicators().size());
    assertEquals("Gender", schema.names().get(0));
    assertEquals("Ferritin", schema.names().get(48));
    assertTrue(schema.find("survivalTarget").isEmpty());
  }

  @Test
  void baselineSchemaHasStudyIndicators() {
    ClinicalSchema schema = ClinicalSchemas.hccPd1Baseline();

    assertEquals(19, schema.indicators().size());
    assertEquals("10^9/L", schema.find("platelets").orElseThrow().unit());
    assertEquals(IndicatorType.CATEGORICAL, schema.find("treatment_regimen").orElseThrow().type());
  }

  @Test
  void roundTripsThroughJson() {
    ClinicalSchema schema = ClinicalSchemas.uciHcc();

    ClinicalSchema copy = ClinicalSchema.read(new ByteArrayInputStream(schema.toJson()));

    assertEquals(schema, copy);
  }

  @Test
  void findsSchemaByName() {
    assertEquals(ClinicalSchemas.uciHcc(), ClinicalSchemas.byName("uci-hcc"));
    assertThrows(IllegalArgumentException.class, () -> ClinicalSchemas.byName("uci"));
  }

  @Test
  void readsMinimalSchema() {
    ClinicalSchema schema = parse(VALID_INDICATOR);

    assertEquals("g/L", schema.find("ALB").orElseThrow().unit());
  }

  @Test
  void rejectsDuplicateName() {
    ClinicalRecordException error =
        assertThrows(ClinicalRecordException.class, () -> parse(VALID_INDICATOR + "," + VALID_INDICATOR));

    assertEquals("indicators[alb].name", error.field());
  }

  @Test
  void rejectsRangeWithMinAboveMax() {
    ClinicalRecordException error = assertThrows(ClinicalRecordException.class, () -> parse(
        "{\"name\":\"alb\",\"type\":\"CONTINUOUS\",\"unit\":\"g/L\",\"range\":{\"min\":60,\"max\":10}}"));

    assertEquals("indicators[alb].range", error.field());
  }

  @Test
  void rejectsContinuousIndicatorWithoutUnit() {
    ClinicalRecordException error = assertThrows(ClinicalRecordException.class, () -> parse(
        "{\"name\":\"alb\",\"type\":\"CONTINUOUS\",\"range\":{\"min\":10,\"max\":60}}"));

    assertEquals("indicators[alb].unit", error.field());
  }

  @Test
  void rejectsMagnitudeBandWithUnacceptedUnit() {
    ClinicalRecordException error = assertThrows(ClinicalRecordException.class, () -> parse(
        "{\"name\":\"alb\",\"type\":\"CONTINUOUS\",\"unit\":\"g/L\",\"range\":{\"min\":10,\"max\":60},"
            + "\"magnitudeRule\":{\"reason\":\"r\",\"bands\":[{\"below\":10,\"unit\":\"g/dL\"}]}}"));

    assertEquals("indicators[alb].magnitudeRule.bands.unit", error.field());
    assertEquals("g/dL", error.value());
  }

  @Test
  void rejectsNonPositiveConversionFactor() {
    ClinicalRecordException error = assertThrows(ClinicalRecordException.class, () -> parse(
        "{\"name\":\"alb\",\"type\":\"CONTINUOUS\",\"unit\":\"g/L\",\"range\":{\"min\":10,\"max\":60},"
            + "\"alternativeUnits\":[{\"unit\":\"g/dL\",\"factor\":0}]}"));

    assertEquals("indicators[alb].alternativeUnits", error.field());
  }

  @Test
  void rejectsUnknownSchemaVersion() {
    String json = "{\"schemaVersion\":2,\"name\":\"t\",\"indicators\":[" + VALID_INDICATOR + "]}";

    ClinicalRecordException error = assertThrows(ClinicalRecordException.class,
        () -> ClinicalSchema.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));

    assertEquals("schemaVersion", error.field());
  }
}
