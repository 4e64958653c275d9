package org.pd1response.ingest.clinical;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pd1response.contracts.CaseIds;
import org.pd1response.ingest.pacs.DicomInstance;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectNotFoundException;
import org.pd1response.storage.ObjectStore;

/**
 * Links clinical records to PACS studies without keeping identifiers: when a study is ingested,
 * its AccessionNumber and PatientID are pseudonymised with the service key and indexed in the
 * originals bucket ({@link ObjectKeys#linkIndex}) with the case id and the study time. A record
 * then finds its case by accession number, or by patient id and a time window: the study must
 * start no earlier than the record's time and at most the window after it; the earliest such
 * study wins. StudyDate and StudyTime carry no time zone and are read as UTC.
 */
@ApplicationScoped
public class StudyLinks {

  static final String ACCESSION = "accession";
  static final String PATIENT = "patient";

  /** One indexed study of a pseudonymised identifier. */
  public record LinkedStudy(String caseId, Instant studyTime) {}

  private final ObjectStore store;
  private final CaseIds caseIds;
  private final ObjectMapper json;

  public StudyLinks(ObjectStore store, CaseIds caseIds, ObjectMapper json) {
    this.store = store;
    this.caseIds = caseIds;
    this.json = json;
  }

  /** Indexes the accession number and patient id of an ingested study. */
  public void recordStudy(String pacsName, List<DicomInstance> instances, String caseId) {
    DicomInstance first = instances.get(0);
    Instant studyTime = studyTime(first).orElse(null);
    first.text("00080050").ifPresent(accession -> add(ACCESSION, accessionPseudonym(pacsName, accession),
        new LinkedStudy(caseId, studyTime)));
    first.text("00100020").ifPresent(patient -> add(PATIENT, caseIds.forPatient(pacsName, patient),
        new LinkedStudy(caseId, studyTime)));
  }

  /** Case of the study with this accession number, when one was ingested. */
  public Optional<String> byAccession(String pacsName, String accessionNumber) {
    return read(ACCESSION, accessionPseudonym(pacsName, accessionNumber)).stream()
        .map(LinkedStudy::caseId)
        .findFirst();
  }

  /** Case of the earliest study of the patient that starts within {@code window} after {@code takenAt}. */
  public Optional<String> byPatient(String pacsName, String patientId, Instant takenAt, Duration window) {
    return read(PATIENT, caseIds.forPatient(pacsName, patientId)).stream()
        .filter(study -> study.studyTime() != null)
        .filter(study -> !study.studyTime().isBefore(takenAt) && !study.studyTime().isAfter(takenAt.plus(window)))
        .min(Comparator.comparing(LinkedStudy::studyTime))
        .map(LinkedStudy::caseId);
  }

  private String accessionPseudonym(String pacsName, String accessionNumber) {
    return caseIds.forPatient(pacsName + "/accession", accessionNumber);
  }

  private void add(String type, String pseudonym, LinkedStudy study) {
    List<LinkedStudy> studies = new ArrayList<>(read(type, pseudonym));
    if (studies.stream().anyMatch(existing -> existing.caseId().equals(study.caseId()))) {
      return;
    }
    studies.add(study);
    try {
      store.put(Bucket.ORIGINALS, ObjectKeys.linkIndex(type, pseudonym), json.writeValueAsBytes(studies),
          "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<LinkedStudy> read(String type, String pseudonym) {
    try {
      byte[] content = store.get(Bucket.ORIGINALS, ObjectKeys.linkIndex(type, pseudonym)).content();
      return json.readValue(content, new TypeReference<List<LinkedStudy>>() {});
    } catch (ObjectNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("link index " + type + " is not valid JSON", e);
    }
  }

  private static Optional<Instant> studyTime(DicomInstance instance) {
    Optional<String> date = instance.text("00080020");
    if (date.isEmpty()) {
      return Optional.empty();
    }
    try {
      LocalDate day = LocalDate.parse(date.get(), DateTimeFormatter.BASIC_ISO_DATE);
      LocalTime time = instance.text("00080030")
          .map(text -> text.length() >= 6 ? text.substring(0, 6) : (text + "000000").substring(0, 6))
          .map(text -> LocalTime.parse(text, DateTimeFormatter.ofPattern("HHmmss")))
          .orElse(LocalTime.MIDNIGHT);
      return Optional.of(day.atTime(time).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
