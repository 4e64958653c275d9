package org.pd1response.ingest.clinical;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.ingest.cases.CaseRevisions;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.ingest.pacs.PacsClients;
import org.pd1response.runtime.RejectedEventException;

/**
 * Parses, validates, links and publishes EMR messages. Error messages name the field and the
 * expected form but never repeat an identifier's value.
 */
@ApplicationScoped
public class EmrRecordIngestor {

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final ClinicalRecords records;
  private final StudyLinks links;
  private final CaseIds caseIds;
  private final CaseRevisions revisions;
  private final PacsClients pacs;
  private final IngestConfig config;

  public EmrRecordIngestor(ClinicalRecords records, StudyLinks links, CaseIds caseIds, CaseRevisions revisions,
      PacsClients pacs, IngestConfig config) {
    this.records = records;
    this.links = links;
    this.caseIds = caseIds;
    this.revisions = revisions;
    this.pacs = pacs;
    this.config = config;
  }

  /**
   * Ingests one message.
   *
   * @throws RejectedEventException {@code INVALID_JSON}, {@code INVALID_EMR_MESSAGE},
   *     {@code NO_MATCHING_STUDY}, {@code UNKNOWN_PACS}, {@code UNKNOWN_SCHEMA} or
   *     {@code INVALID_CLINICAL_RECORD}
   */
  public ClinicalRecordIngested ingest(byte[] body) {
    EmrMessage message = parse(body);
    NormalisedRecord record = records.normalise(message.schema(), message.values().stream()
        .map(value -> new RawValue(value.name(), value.value(), value.unit()))
        .toList());
    String caseId = link(message);
    int revision = Math.max(1, revisions.currentRevision(caseId));
    return records.publish(caseId, revision, record, null, null);
  }

  static EmrMessage parse(byte[] body) {
    EmrMessage message;
    try {
      message = STRICT.readValue(body, EmrMessage.class);
    } catch (IOException e) {
      // Jackson's message quotes the offending input, which may be an identifier: report only where it failed.
      String location = e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
          && processing.getLocation() != null
          ? " at line " + processing.getLocation().getLineNr() + ", column " + processing.getLocation().getColumnNr()
          : "";
      String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()
          ? " in field '" + mapping.getPath().get(mapping.getPath().size() - 1).getFieldName() + "'"
          : "";
      throw new RejectedEventException("INVALID_JSON", "EMR message must be a JSON object with the documented fields"
          + " (messageId, sourcePacs, studyInstanceUid, accessionNumber, patientId, takenAt, schema, values), found"
          + " invalid JSON" + field + location, e);
    }
    if (message == null) {
      throw new RejectedEventException("INVALID_EMR_MESSAGE", "EMR message must be a JSON object, found null");
    }
    requireText("messageId", message.messageId());
    requireText("sourcePacs", message.sourcePacs());
    if (message.values() == null) {
      throw new RejectedEventException("INVALID_EMR_MESSAGE", "values must be an array of {name, value, unit}, found none");
    }
    if (blank(message.studyInstanceUid()) && blank(message.accessionNumber()) && blank(message.patientId())) {
      throw new RejectedEventException("INVALID_EMR_MESSAGE",
          "one of studyInstanceUid, accessionNumber or patientId must be given to link the record, found none");
    }
    if (!blank(message.studyInstanceUid()) && !message.studyInstanceUid().matches("[0-9]+(\\.[0-9]+)*")
        || !blank(message.studyInstanceUid()) && message.studyInstanceUid().length() > 64) {
      throw new RejectedEventException("INVALID_EMR_MESSAGE",
          "studyInstanceUid must be a DICOM UID (digits and dots, at most 64 characters), found another form");
    }
    if (blank(message.studyInstanceUid()) && blank(message.accessionNumber()) && message.takenAt() == null) {
      throw new RejectedEventException("INVALID_EMR_MESSAGE",
          "takenAt must be an ISO-8601 instant when the record is linked by patientId, found none");
    }
    return message;
  }

  private String link(EmrMessage message) {
    pacs.client(message.sourcePacs());
    if (!blank(message.studyInstanceUid())) {
      return caseIds.forStudy(message.sourcePacs(), message.studyInstanceUid());
    }
    Optional<String> linked = Optional.empty();
    if (!blank(message.accessionNumber())) {
      linked = links.byAccession(message.sourcePacs(), message.accessionNumber());
    }
    if (linked.isEmpty() && !blank(message.patientId()) && message.takenAt() != null) {
      linked = links.byPatient(message.sourcePacs(), message.patientId(), message.takenAt(),
          config.linking().patientWindow());
    }
    return linked.orElseThrow(() -> new RejectedEventException("NO_MATCHING_STUDY",
        "no ingested study of PACS " + message.sourcePacs() + " matches the record's "
            + (blank(message.accessionNumber()) ? "" : "accessionNumber or ")
            + "patientId with a study start within " + config.linking().patientWindow() + " after takenAt"
            + "; resend the record after the study is ingested"));
  }

  private static void requireText(String field, String value) {
    if (blank(value)) {
      throw new RejectedEventException("INVALID_EMR_MESSAGE", field + " must be a non-blank string, found none");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
