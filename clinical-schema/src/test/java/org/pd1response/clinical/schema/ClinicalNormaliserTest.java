package org.pd1response.clinical.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;

class ClinicalNormaliserTest {

  private static final ClinicalSchema BASELINE = ClinicalSchemas.hccPd1Baseline();
  private static final ClinicalSchema UCI = ClinicalSchemas.uciHcc();

  private static ClinicalValue valueOf(NormalisedRecord record, String name) {
    return record.values().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  private static ClinicalValue normaliseOne(ClinicalSchema schema, RawValue raw) {
    NormalisedRecord record = new ClinicalNormaliser(schema).normalise(List.of(raw));
    return valueOf(record, schema.find(raw.name()).orElseThrow().name());
  }

  @Test
  void convertsPlateletUnitsToOneUnit() {
    // given the same count in 10^9/L, per microlitre and in 10^12/L
    List<RawValue> sources = List.of(
        new RawValue("platelets", "250", "10^9/L"),
        new RawValue("platelets", "250000", "/uL"),
        new RawValue("platelets", "0.25", "10^12/L"));

    for (RawValue source : sources) {
      // when
      ClinicalValue value = normaliseOne(BASELINE, source);

      // then
      assertEquals(ValueFlag.PRESENT, value.flag(), source.toString());
      assertEquals(250.0, value.value(), source.toString());
      assertEquals("10^9/L", value.unit(), source.toString());
    }
  }

  @Test
  void recordsSourceUnitOfConvertedValue() {
    ClinicalValue perMicrolitre = normaliseOne(BASELINE, new RawValue("platelets", "250000", "/µL"));
    ClinicalValue canonical = normaliseOne(BASELINE, new RawValue("platelets", "250", "10^9/L"));

    assertEquals("/µL", perMicrolitre.sourceUnit());
    assertNull(canonical.sourceUnit());
  }

  @Test
  void readsUnitlessPlateletsByMagnitude() {
    ClinicalValue large = normaliseOne(UCI, RawValue.of("Platelets", "250000"));
    ClinicalValue small = normaliseOne(UCI, RawValue.of("Platelets", "199"));

    assertEquals(250.0, large.value());
    assertEquals("/uL", large.sourceUnit());
    assertEquals(199.0, small.value());
    assertNull(small.sourceUnit());
  }

  @Test
  void readsUnitlessTotalProteinByMagnitude() {
    ClinicalValue value = normaliseOne(UCI, RawValue.of("TP", "69"));

    assertEquals(6.9, value.value(), 1e-12);
    assertEquals("g/L", value.sourceUnit());
  }

  @Test
  void turnsMissingCodesIntoMissing() {
    // given every missing-value code for indicators where -1 and 0 are impossible
    List<RawValue> codes = List.of(
        RawValue.of("afp", "?"),
        RawValue.of("alt", ""),
        RawValue.of("ast", "NA"),
        RawValue.of("albumin", null),
        RawValue.of("weight", "-1"),
        RawValue.of("sex", "-1"),
        RawValue.of("platelets", "0"),
        RawValue.of("total_bilirubin", " n/a "));

    // when
    NormalisedRecord record = new ClinicalNormaliser(BASELINE).normalise(codes);

    // then
    for (RawValue code : codes) {
      ClinicalValue value = valueOf(record, code.name());
      assertNull(value.value(), code.toString());
      assertTrue(record.missing().contains(code.name()), code.toString());
    }
    assertEquals(ValueFlag.MISSING, valueOf(record, "weight").flag());
    assertEquals(ValueFlag.MISSING, valueOf(record, "sex").flag());
    assertEquals(ValueFlag.IMPLAUSIBLE, valueOf(record, "platelets").flag());
  }

  @Test
  void keepsZeroWhereZeroIsPossible() {
    ClinicalValue ecog = normaliseOne(BASELINE, RawValue.of("ecog", "0"));
    ClinicalValue sex = normaliseOne(BASELINE, RawValue.of("sex", "0"));

    assertEquals(ValueFlag.PRESENT, ecog.flag());
    assertEquals(0.0, ecog.value());
    assertEquals(ValueFlag.PRESENT, sex.flag());
  }

  @Test
  void flagsEveryIndicatorOfEmptyRecordMissing() {
    NormalisedRecord record = new ClinicalNormaliser(UCI).normalise(List.of());

    assertEquals(49, record.values().size());
    assertEquals(49, record.count(ValueFlag.MISSING));
    assertEquals(UCI.names(), record.missing());
    assertTrue(record.values().stream().allMatch(v -> v.value() == null));
  }

  @Test
  void flagsOutOfRangeValuesImplausible() {
    ClinicalValue age = normaliseOne(BASELINE, RawValue.of("age", "142"));
    ClinicalValue saturation = normaliseOne(UCI, RawValue.of("Sat", "126"));

    assertEquals(ValueFlag.IMPLAUSIBLE, age.flag());
    assertNull(age.value());
    assertEquals(ValueFlag.IMPLAUSIBLE, saturation.flag());
  }

  @Test
  void flagsTextThatIsNoNumberUnparseable() {
    for (String text : List.of("1,5", "<5", "high", "0x1F", "NaN5", "Infinity")) {
      ClinicalValue value = normaliseOne(BASELINE, RawValue.of("afp", text));

      assertEquals(ValueFlag.UNPARSEABLE, value.flag(), text);
      assertNull(value.value(), text);
    }
  }

  @Test
  void readsLevelLabelsIgnoringCase() {
    NormalisedRecord record = new ClinicalNormaliser(BASELINE).normalise(List.of(
        RawValue.of("child_pugh_class", "b"),
        RawValue.of("bclc_stage", "C"),
        RawValue.of("sex", "Male"),
        RawValue.of("vascular_invasion", "yes"),
        RawValue.of("treatment_regimen", "PD1_TACE")));

    assertEquals(2.0, valueOf(record, "child_pugh_class").value());
    assertEquals(3.0, valueOf(record, "bclc_stage").value());
    assertEquals(1.0, valueOf(record, "sex").value());
    assertEquals(1.0, valueOf(record, "vascular_invasion").value());
    assertEquals(2.0, valueOf(record, "treatment_regimen").value());
  }

  @Test
  void flagsNonIntegerAndUnknownCodesImplausible() {
    assertEquals(ValueFlag.IMPLAUSIBLE, normaliseOne(BASELINE, RawValue.of("ecog", "1.5")).flag());
    assertEquals(ValueFlag.IMPLAUSIBLE, normaliseOne(BASELINE, RawValue.of("treatment_regimen", "3")).flag());
    assertEquals(ValueFlag.IMPLAUSIBLE, normaliseOne(BASELINE, RawValue.of("sex", "2")).flag());
    assertEquals(ValueFlag.UNPARSEABLE, normaliseOne(BASELINE, RawValue.of("child_pugh_class", "E")).flag());
  }

  @Test
  void findsIndicatorByAlias() {
    ClinicalValue value = normaliseOne(UCI, RawValue.of("Total Bil", "2.1"));

    assertEquals("Total_Bil", value.name());
    assertEquals(2.1, value.value());
  }

  @Test
  void rejectsUnknownIndicator() {
    ClinicalNormaliser normaliser = new ClinicalNormaliser(BASELINE);

    ClinicalRecordException error = assertThrows(
        ClinicalRecordException.class, () -> normaliser.normalise(List.of(RawValue.of("ca19_9", "37"))));

    assertEquals("ca19_9", error.field());
    assertEquals("37", error.value());
    assertTrue(error.getMessage().contains("an indicator of schema hcc-pd1-baseline"), error.getMessage());
  }

  @Test
  void ignoresUnknownIndicatorWhenConfigured() {
    ClinicalNormaliser normaliser = new ClinicalNormaliser(BASELINE, UnknownIndicatorPolicy.IGNORE);

    NormalisedRecord record = normaliser.normalise(List.of(RawValue.of("ca19_9", "37"), RawValue.of("age", "61")));

    assertEquals(List.of("ca19_9"), record.ignored());
    assertEquals(61.0, valueOf(record, "age").value());
  }

  @Test
  void rejectsUnitNotAccepted() {
    ClinicalNormaliser normaliser = new ClinicalNormaliser(BASELINE);

    ClinicalRecordException error = assertThrows(
        ClinicalRecordException.class,
        () -> normaliser.normalise(List.of(new RawValue("platelets", "250", "mmol/L"))));

    assertEquals("platelets.unit", error.field());
    assertEquals("mmol/L", error.value());
    assertTrue(error.expected().contains("/uL"), error.expected());
  }

  @Test
  void rejectsSameIndicatorTwice() {
    ClinicalNormaliser normaliser = new ClinicalNormaliser(UCI);
    List<RawValue> raw = new ArrayList<>(List.of(RawValue.of("Total_Bil", "2.1"), RawValue.of("total bil", "2.3")));

    ClinicalRecordException error = assertThrows(ClinicalRecordException.class, () -> normaliser.normalise(raw));

    assertEquals("Total_Bil", error.field());
  }

  @Test
  void rejectsBlankIndicatorName() {
    ClinicalNormaliser normaliser = new ClinicalNormaliser(UCI);

    ClinicalRecordException error = assertThrows(
        ClinicalRecordException.class, () -> normaliser.normalise(List.of(RawValue.of(" ", "1"))));

    assertEquals("name", error.field());
  }
}
