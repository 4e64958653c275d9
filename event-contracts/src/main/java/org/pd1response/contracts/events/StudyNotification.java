package org.pd1response.contracts.events;

import java.time.Instant;

/**
 * A PACS (or its router) announces that a study arrived or became stable. Keyed by the
 * StudyInstanceUID because the PACS cannot compute case ids; only ingest-service reads it.
 *
 * @param sourcePacs configured name of the PACS that holds the study; also the issuer of the UID
 * @param pacsStudyId the PACS's own study id when it has one (Orthanc's), used to fetch the study
 */
public record StudyNotification(
    int schemaVersion,
    String studyInstanceUid,
    String sourcePacs,
    String pacsStudyId,
    StudyState state,
    Instant occurredAt) {

  /** Whether the PACS still expects instances or considers the study complete. */
  public enum StudyState {
    NEW,
    STABLE
  }
}
