package org.pd1response.contracts;

import java.time.Instant;
import java.util.List;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ImageIngested;

/** Small valid payloads for codec tests. */
final class TestEvents {

  static final String CASE_ID = "c0123456789abcdef0123456789abcdef";
  static final Instant TIME = Instant.parse("2026-03-01T10:15:30Z");

  private TestEvents() {}

  static ImageIngested imageIngested() {
    return new ImageIngested(
        1, CASE_ID, 1, ImageIngested.CaseSource.RESEARCH,
        "cases/" + CASE_ID + "/r1/image.png", "cases/" + CASE_ID + "/r1/mask.png",
        "cases/" + CASE_ID + "/r1/original/image.png", ImageIngested.RoiSource.MASK_FILE,
        1, 500, 400, 1, null, "busi", 1, TIME);
  }

  static ClinicalRecordIngested clinicalRecord() {
    return new ClinicalRecordIngested(
        1, CASE_ID, 1,
        List.of(
            new ClinicalValue("platelets", 250.0, "10^9/L", "/uL", ClinicalValue.ValueFlag.PRESENT),
            new ClinicalValue("afp", null, "ng/mL", null, ClinicalValue.ValueFlag.MISSING)),
        List.of("afp"), null, null, TIME);
  }

  static EventEnvelope<ImageIngested> imageEnvelope() {
    return EventEnvelope.of(
        EventIds.of(CASE_ID, 1, Stage.INGEST, EventIds.NO_MODEL),
        EventType.IMAGE_INGESTED, Stage.INGEST, CASE_ID, imageIngested(), TIME);
  }
}
