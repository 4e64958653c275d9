package org.pd1response.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.ingest.cases.CaseRevisions;
import org.pd1response.ingest.pacs.StudyIngestor;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.OrthancServer;
import org.pd1response.testsupport.PipelineTestResource;

/**
 * The gap between sending a study's image-ingested event and recording its revision as ingested,
 * on fixture study S5, which gains a SEG twice and so has three revisions. A test simulates a crash
 * by running the notification consumer's steps itself (the ingestor bean, then the send) and
 * stopping where the crash happens. What the restarted service then finds, the state in the object
 * store and the records on the topics, is the same as after a real crash.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(OrthancTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(4)
class PendingRevisionIT {

  static final String GAP_STUDY = PacsStudyIT.ROOT + "5";
  static final String ACCESSION = "ACC1005";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofSeconds(3);

  static KafkaTestClient kafka;
  static EventTail tail;
  /** Image key of revision 1 as the crashed attempt sent it. */
  static String firstImageKey;

  @Inject
  StudyIngestor ingestor;

  @Inject
  CaseRevisions revisions;

  @Inject
  ObjectStore store;

  @Inject
  CaseIds caseIds;

  @Inject
  ObjectMapper json;

  @BeforeAll
  static void connect() {
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    kafka = new KafkaTestClient(bootstrap);
    tail = new EventTail(bootstrap, List.of(Topics.IMAGE_INGESTED));
    for (String value : List.of("Fixture^Emil", "FIX-1005", "19800212", ACCESSION)) {
      PatientIdentifiers.add(value);
    }
  }

  @AfterAll
  static void disconnect() {
    tail.close();
    kafka.close();
  }

  @Test
  @Order(1)
  void emrRecordInGapLinksToNewStudy() {
    upload("us-gap.dcm");
    String caseId = gapCase();

    ImageIngested sent = sendAndCrashBeforeAfterSend(PacsDicomFilesIT.notification(GAP_STUDY, "gap-1"));
    JsonPath linked = postEmr("emr-gap-1");
    CaseRevisions.CaseState state = state(caseId);
    firstImageKey = sent.imageKey();

    assertEquals(1, sent.revision());
    assertEquals(caseId, linked.getString("caseId"));
    assertEquals(1, linked.getInt("revision"));
    assertEquals(0, state.revision());
    assertEquals(1, state.pending().revision());
  }

  @Test
  @Order(2)
  void redeliveryAfterSendResendsSameEventId() {
    String caseId = gapCase();

    kafka.send(Topics.STUDY_NOTIFICATIONS, PacsDicomFilesIT.notification(GAP_STUDY, "gap-1-redelivered"));
    EventEnvelope<ImageIngested> resent = nextImage(caseId);
    kafka.send(Topics.STUDY_NOTIFICATIONS, PacsDicomFilesIT.notification(GAP_STUDY, "gap-1-repeat"));
    List<ConsumerRecord<String, byte[]>> afterRepeat = tail.drain(QUIET);
    CaseRevisions.CaseState state = state(caseId);

    assertEquals(EventIds.of(caseId, 1, Stage.INGEST, EventIds.NO_MODEL), resent.id());
    assertEquals(1, resent.payload().revision());
    assertEquals(firstImageKey, resent.payload().imageKey());
    assertEquals(0, afterRepeat.stream().filter(r -> caseId.equals(r.key())).count());
    assertEquals(1, state.revision());
    assertNull(state.pending());
  }

  @Test
  @Order(3)
  void emrRecordInGapLinksToSecondRevision() {
    upload("seg-gap-1.dcm");
    String caseId = gapCase();

    ImageIngested sent = sendAndCrashBeforeAfterSend(PacsDicomFilesIT.notification(GAP_STUDY, "gap-2"));
    JsonPath linked = postEmr("emr-gap-2");
    kafka.send(Topics.STUDY_NOTIFICATIONS, PacsDicomFilesIT.notification(GAP_STUDY, "gap-2-redelivered"));
    EventEnvelope<ImageIngested> resent = nextImage(caseId);
    // The service handles the repeat after the redelivery, so once the topic is quiet the state is final.
    kafka.send(Topics.STUDY_NOTIFICATIONS, PacsDicomFilesIT.notification(GAP_STUDY, "gap-2-repeat"));
    List<ConsumerRecord<String, byte[]>> afterRepeat = tail.drain(QUIET);
    CaseRevisions.CaseState state = state(caseId);

    assertEquals(2, sent.revision());
    assertEquals(2, linked.getInt("revision"));
    assertEquals(EventIds.of(caseId, 2, Stage.INGEST, EventIds.NO_MODEL), resent.id());
    assertEquals(2, resent.payload().revision());
    assertEquals(ImageIngested.RoiSource.DICOM_SEG, resent.payload().roiSource());
    assertEquals(0, afterRepeat.stream().filter(r -> caseId.equals(r.key())).count());
    assertEquals(2, state.revision());
    assertNull(state.pending());
  }

  @Test
  @Order(4)
  void crashBeforeSendResendsPendingRevision() {
    upload("seg-gap-2.dcm");
    String caseId = gapCase();

    // The ingestor records revision 3 as pending, and the crash comes before anything is sent.
    StudyIngestor.StudyOutcome crashed = ingestor.ingest(PacsDicomFilesIT.notification(GAP_STUDY, "gap-3").payload());
    JsonPath linked = postEmr("emr-gap-3");
    kafka.send(Topics.STUDY_NOTIFICATIONS, PacsDicomFilesIT.notification(GAP_STUDY, "gap-3-redelivered"));
    EventEnvelope<ImageIngested> sent = nextImage(caseId);
    kafka.send(Topics.STUDY_NOTIFICATIONS, PacsDicomFilesIT.notification(GAP_STUDY, "gap-3-repeat"));
    List<ConsumerRecord<String, byte[]>> afterRepeat = tail.drain(QUIET);
    CaseRevisions.CaseState state = state(caseId);

    assertEquals(3, crashed.event().orElseThrow().revision());
    assertEquals(3, linked.getInt("revision"));
    assertEquals(EventIds.of(caseId, 3, Stage.INGEST, EventIds.NO_MODEL), sent.id());
    assertEquals(3, sent.payload().revision());
    assertEquals(ImageIngested.RoiSource.DICOM_SEG, sent.payload().roiSource());
    assertTrue(store.exists(Bucket.DERIVED, sent.payload().imageKey()), sent.payload().imageKey());
    assertTrue(store.exists(Bucket.DERIVED, sent.payload().maskKey()), sent.payload().maskKey());
    assertTrue(store.exists(Bucket.ORIGINALS, sent.payload().originalKey().replace("image.dcm", "segmentation-2.dcm")),
        "both SEGs of revision 3 must be kept");
    assertEquals(0, afterRepeat.stream().filter(r -> caseId.equals(r.key())).count());
    assertEquals(3, state.revision());
    assertNull(state.pending());
  }

  @Test
  @Order(5)
  void changedContentWhilePendingTakesNextRevision() {
    String caseId = caseIds.forStudy(OrthancTestResource.PACS, PacsStudyIT.ROOT + "6");
    revisions.recordIngested(caseId, 1, "content-a");
    revisions.recordPending(caseId, 2, "content-b");

    Optional<Integer> samePending = revisions.nextRevision(caseId, "content-b");
    Optional<Integer> changed = revisions.nextRevision(caseId, "content-c");
    Optional<Integer> ingested = revisions.nextRevision(caseId, "content-a");
    int newestWhilePending = revisions.currentRevision(caseId);
    revisions.recordRejected(caseId, "content-c");
    Optional<Integer> pendingAfterRejection = revisions.nextRevision(caseId, "content-b");
    revisions.recordIngested(caseId, 2, "content-b");
    Optional<Integer> afterIngested = revisions.nextRevision(caseId, "content-b");

    assertEquals(Optional.of(2), samePending);
    assertEquals(Optional.of(3), changed);
    assertEquals(Optional.empty(), ingested);
    assertEquals(2, newestWhilePending);
    assertEquals(Optional.of(2), pendingAfterRejection);
    assertEquals(Optional.empty(), afterIngested);
    assertEquals(2, revisions.currentRevision(caseId));
  }

  /**
   * Runs the notification consumer's steps up to the send and stops before {@code afterSend}, as
   * a crash would. Reads the sent event back from the tail, so that later waits see only the
   * service's own events.
   */
  private ImageIngested sendAndCrashBeforeAfterSend(EventEnvelope<StudyNotification> notification) {
    ImageIngested event = ingestor.ingest(notification.payload()).event().orElseThrow();
    kafka.send(Topics.IMAGE_INGESTED, EventEnvelope.of(
        EventIds.of(event.caseId(), event.revision(), Stage.INGEST, EventIds.NO_MODEL), EventType.IMAGE_INGESTED,
        Stage.INGEST, event.caseId(), event, Instant.now()));
    assertNotNull(tail.next(r -> event.caseId().equals(r.key()), WAIT), "the test's own image-ingested event");
    return event;
  }

  private JsonPath postEmr(String messageId) {
    String body = "{\"messageId\": \"" + messageId + "\", \"sourcePacs\": \"" + OrthancTestResource.PACS + "\","
        + " \"accessionNumber\": \"" + ACCESSION + "\", \"values\": [{\"name\": \"afp\", \"value\": \"12\","
        + " \"unit\": \"ng/mL\"}]}";
    return RestAssured.given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
        .post("/clinical/records")
        .then().statusCode(202).extract().jsonPath();
  }

  private EventEnvelope<ImageIngested> nextImage(String caseId) {
    ConsumerRecord<String, byte[]> record = tail.next(r -> caseId.equals(r.key()), WAIT);
    assertNotNull(record, "no image-ingested event for the gap study");
    return KafkaTestClient.decode(EventType.IMAGE_INGESTED, record);
  }

  private CaseRevisions.CaseState state(String caseId) {
    try {
      byte[] content = store.get(Bucket.DERIVED, ObjectKeys.caseState(caseId, Stage.INGEST)).content();
      return json.readValue(content, CaseRevisions.CaseState.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String gapCase() {
    return caseIds.forStudy(OrthancTestResource.PACS, GAP_STUDY);
  }

  private static void upload(String name) {
    try (InputStream in = PendingRevisionIT.class.getResourceAsStream("/dicom/" + name)) {
      assertNotNull(in, "fixture " + name);
      OrthancServer.Upload upload = OrthancServer.get().upload(in.readAllBytes());
      assertEquals(200, upload.status(), name + " was not stored: " + upload.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
