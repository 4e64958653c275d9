package org.pd1response.preprocess;

import java.time.Instant;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;

/** Puts a case's image and mask where ingest would, and builds its image-ingested event. */
final class IngestedCases {

  static final CaseIds CASE_IDS = CaseIds.withKey("preprocess-service-tests-key-0123456789");
  static final Instant TIME = Instant.parse("2026-04-01T12:00:00Z");

  private IngestedCases() {}

  static String caseId(String name) {
    return CASE_IDS.forResearchImage("preprocess-tests", name);
  }

  /** Stores the image and, when not null, the mask, and returns the matching event. */
  static EventEnvelope<ImageIngested> store(ObjectStore store, String caseId, byte[] image, byte[] mask, int width,
      int height) {
    String imageKey = ObjectKeys.image(caseId, 1);
    store.put(Bucket.DERIVED, imageKey, image, "image/png");
    String maskKey = null;
    if (mask != null) {
      maskKey = ObjectKeys.mask(caseId, 1);
      store.put(Bucket.DERIVED, maskKey, mask, "image/png");
    }
    return event(caseId, imageKey, maskKey, width, height);
  }

  static EventEnvelope<ImageIngested> event(String caseId, String imageKey, String maskKey, int width, int height) {
    ImageIngested payload = new ImageIngested(1, caseId, 1, ImageIngested.CaseSource.RESEARCH, imageKey, maskKey,
        ObjectKeys.original(caseId, 1, "image.png"),
        maskKey == null ? ImageIngested.RoiSource.NONE : ImageIngested.RoiSource.MASK_FILE, 1, width, height, 1, null,
        "preprocess-tests", null, TIME);
    return EventEnvelope.of(EventIds.of(caseId, 1, Stage.INGEST, EventIds.NO_MODEL), EventType.IMAGE_INGESTED,
        Stage.INGEST, caseId, payload, TIME);
  }
}
