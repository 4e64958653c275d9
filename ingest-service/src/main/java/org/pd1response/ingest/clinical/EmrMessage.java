package org.pd1response.ingest.clinical;

import java.time.Instant;
import java.util.List;

/**
 * A clinical record from an EMR adapter, on the EMR topic or posted to {@code /clinical/records}.
 * The fields are documented with examples in the module README. At least one of
 * {@code studyInstanceUid}, {@code accessionNumber} or {@code patientId} (with {@code takenAt})
 * links it to a study; they are tried in that order.
 *
 * @param messageId the adapter's unique id of the message; must contain no patient identifier
 * @param sourcePacs configured PACS whose studies (and patient ids) the record refers to
 * @param takenAt when the values were measured; needed for linking by patient id
 * @param schema clinical schema of the values; null for the service's default
 */
public record EmrMessage(
    String messageId,
    String sourcePacs,
    String studyInstanceUid,
    String accessionNumber,
    String patientId,
    Instant takenAt,
    String schema,
    List<Value> values) {

  /** One raw value: indicator name, value as text or number, optional unit. */
  public record Value(String name, String value, String unit) {}
}
