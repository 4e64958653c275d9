package org.pd1response.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.OrthancServer;
import org.pd1response.testsupport.PipelineTestResource;
import org.pd1response.testsupport.SharedData;

/**
 * Every real DICOM file of the shared data set, uploaded on its own into a real Orthanc (emptied
 * in between, because several files share UIDs) and announced on the study-notification topic.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(OrthancTestResource.class)
@Order(1)
class PacsDicomFilesIT {

  /**
   * Files that Orthanc 1.10 stores and renders as ultrasound images (34 files: 22 cases, 7 dead
   * letters for JPEG 2000 YBR_ICT/YBR_RCT and 16-bit palette renders, non-image and non-ultrasound
   * files, 5 refused at upload).
   */
  static final int EXPECTED_CASES = 22;
  static final int EXPECTED_REFUSED = 5;
  static final Duration WAIT = Duration.ofSeconds(60);

  @Inject
  ObjectStore store;

  @Inject
  CaseIds caseIds;

  /** One file's outcome, for the printed table. */
  record Outcome(String file, String kind, String detail) {}

  @Test
  void everyDicomFileBecomesCaseOrDeadLetter() throws IOException {
    Path folder = SharedData.require().resolve("dicom-us");
    OrthancServer orthanc = OrthancServer.get();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(path -> path.toString().endsWith(".dcm")).sorted().toList();
    }
    List<Outcome> outcomes = new ArrayList<>();
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    try (KafkaTestClient kafka = new KafkaTestClient(bootstrap);
        EventTail tail = new EventTail(bootstrap, List.of(Topics.IMAGE_INGESTED, Topics.DLQ_INGEST))) {
      for (Path file : files) {
        String name = folder.relativize(file).toString();
        orthanc.deleteAll();
        OrthancServer.Upload upload = orthanc.upload(Files.readAllBytes(file));
        if (!upload.stored()) {
          outcomes.add(new Outcome(name, "REFUSED_BY_PACS", "HTTP " + upload.status() + " "
              + upload.body().path("Message").asText(upload.body().path("Status").asText(""))));
          continue;
        }
        JsonNode study = orthanc.json("/studies/" + upload.body().path("ParentStudy").asText());
        JsonNode patient = study.path("PatientMainDicomTags");
        PatientIdentifiers.add(patient.path("PatientName").asText(null));
        PatientIdentifiers.add(patient.path("PatientID").asText(null));
        PatientIdentifiers.add(patient.path("PatientBirthDate").asText(null));
        PatientIdentifiers.add(study.path("MainDicomTags").path("AccessionNumber").asText(null));
        String studyUid = study.path("MainDicomTags").path("StudyInstanceUID").asText();
        String caseId = caseIds.forStudy(OrthancTestResource.PACS, studyUid);

        kafka.send(Topics.STUDY_NOTIFICATIONS, notification(studyUid, name));
        ConsumerRecord<String, byte[]> record = tail.next(r -> r.topic().equals(Topics.IMAGE_INGESTED)
            ? caseId.equals(r.key()) : studyUid.equals(r.key()), WAIT);

        assertNotNull(record, "no image-ingested event and no dead letter for " + name);
        if (record.topic().equals(Topics.IMAGE_INGESTED)) {
          ImageIngested image = KafkaTestClient.<ImageIngested>decode(EventType.IMAGE_INGESTED, record).payload();
          BufferedImage stored = ImageIO.read(new ByteArrayInputStream(store.get(Bucket.DERIVED, image.imageKey()).content()));
          assertEquals(image.width(), stored.getWidth(), name);
          assertEquals(image.height(), stored.getHeight(), name);
          assertEquals(image.channels(), stored.getRaster().getNumBands(), name);
          assertTrue(store.exists(Bucket.ORIGINALS, image.originalKey()), name);
          outcomes.add(new Outcome(name, "CASE", "revision " + image.revision() + ", frame " + image.frameNumber() + " of "
              + image.acquisition().numberOfFrames() + ", " + image.width() + " x " + image.height() + " x "
              + image.channels() + ", " + image.acquisition().photometricInterpretation()));
        } else {
          DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, record).payload();
          outcomes.add(new Outcome(name, "DEAD_LETTER", letter.errorCode() + ": " + letter.reason()));
        }
        assertTrue(orthanc.isAlive(), "Orthanc stopped while the service handled " + name);
      }
    }
    orthanc.deleteAll();

    System.out.println(table(outcomes));
    long cases = outcomes.stream().filter(o -> o.kind().equals("CASE")).count();
    assertEquals(files.size(), outcomes.size());
    outcomes.stream().filter(o -> o.kind().equals("DEAD_LETTER"))
        .forEach(o -> assertNotEquals("PROCESSING_FAILED", o.detail().split(":")[0], o.file()));
    assertEquals(EXPECTED_CASES, cases, table(outcomes));
    assertEquals(EXPECTED_REFUSED, outcomes.stream().filter(o -> o.kind().equals("REFUSED_BY_PACS")).count());
  }

  static EventEnvelope<StudyNotification> notification(String studyUid, String trigger) {
    Instant now = Instant.now();
    StudyNotification payload = new StudyNotification(1, studyUid, OrthancTestResource.PACS, null,
        StudyNotification.StudyState.STABLE, now);
    String id = UUID.nameUUIDFromBytes(("test|" + trigger + "|" + now).getBytes(StandardCharsets.UTF_8)).toString();
    return new EventEnvelope<>(id, EventType.STUDY_NOTIFICATION, "/pd1response/test-pacs-router", now, studyUid,
        studyUid, payload);
  }

  private static String table(List<Outcome> outcomes) {
    StringBuilder text = new StringBuilder("\nfile | outcome | detail\n");
    for (Outcome outcome : outcomes) {
      text.append(outcome.file()).append(" | ").append(outcome.kind()).append(" | ").append(outcome.detail()).append('\n');
    }
    return text.toString();
  }
}
