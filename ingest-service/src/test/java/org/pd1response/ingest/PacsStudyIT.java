package org.pd1response.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.ingest.cases.RawInputDeadLetters;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.ingest.pacs.ChangesPoller;
import org.pd1response.ingest.pacs.PacsClients;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.OrthancServer;
import org.pd1response.testsupport.PipelineTestResource;

/**
 * Studies built from the pydicom fixtures (ultrasound images and Segmentation objects, see
 * {@code src/test/fixtures/make_dicom_fixtures.py}) through a real Orthanc, and EMR records linked
 * to them.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(OrthancTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class PacsStudyIT {

  static final String ROOT = "1.2.826.0.1.3680043.10.1453.";
  static final String SINGLE_STUDY = ROOT + "1";
  static final String CINE_STUDY = ROOT + "2";
  static final String LATE_STUDY = ROOT + "3";
  static final String MISMATCH_STUDY = ROOT + "4";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofSeconds(3);
  /** Longer than the test Orthanc's StableAge of 1 s, so that every fixture study is stable. */
  static final Duration STABLE_AGE_WAIT = Duration.ofSeconds(2);

  static KafkaTestClient kafka;
  static EventTail tail;

  @Inject
  ObjectStore store;

  @Inject
  CaseIds caseIds;

  @Inject
  PacsClients pacs;

  @Inject
  ChangesPoller poller;

  @BeforeAll
  static void connect() {
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    kafka = new KafkaTestClient(bootstrap);
    tail = new EventTail(bootstrap, List.of(Topics.IMAGE_INGESTED, Topics.CLINICAL_RECORD_INGESTED, Topics.DLQ_INGEST));
    OrthancServer.get().deleteAll();
    for (String[] patient : new String[][] {
        {"Fixture^Alice", "FIX-1001", "19610304", "ACC1001"}, {"Fixture^Bruno", "FIX-1002", "19570722", "ACC1002"},
        {"Fixture^Chen", "FIX-1003", "19690101", "ACC1003"}, {"Fixture^Dana", "FIX-1004", "19750815", "ACC1004"}}) {
      for (String value : patient) {
        PatientIdentifiers.add(value);
      }
    }
  }

  @AfterAll
  static void disconnect() {
    tail.close();
    kafka.close();
  }

  @Test
  @Order(1)
  void segFrameBecomesStoredMask() throws IOException {
    upload("us-single.dcm", "seg-single.dcm");

    ImageIngested image = imageAfterNotification(OrthancTestResource.PACS, SINGLE_STUDY);

    assertEquals(ImageIngested.RoiSource.DICOM_SEG, image.roiSource());
    assertEquals(1, image.frameNumber());
    assertEquals(1, image.channels());
    assertArrayEquals(pixels(fixture("expected-seg-single-mask.png")), pixels(stored(image.maskKey())));
    assertTrue(store.exists(Bucket.ORIGINALS, image.originalKey().replace("image.dcm", "segmentation-1.dcm")));
  }

  @Test
  @Order(2)
  void cineSegChoosesReferencedFrameOverWebhook() throws IOException {
    upload("us-cine.dcm", "seg-cine.dcm");
    String caseId = caseIds.forStudy(OrthancTestResource.PACS, CINE_STUDY);

    RestAssured.given().contentType("application/json")
        .body("{\"studyInstanceUid\": \"" + CINE_STUDY + "\", \"state\": \"STABLE\"}")
        .post("/pacs/" + OrthancTestResource.PACS + "/notifications")
        .then().statusCode(202);
    ImageIngested image = decode(tail.next(keyed(Topics.IMAGE_INGESTED, caseId), WAIT));

    assertEquals(4, image.frameNumber());
    assertEquals(6, image.acquisition().numberOfFrames());
    assertEquals(ImageIngested.RoiSource.DICOM_SEG, image.roiSource());
    assertArrayEquals(pixels(fixture("expected-us-cine-frame-4.png")), pixels(stored(image.imageKey())));
    assertArrayEquals(pixels(fixture("expected-seg-cine-mask.png")), pixels(stored(image.maskKey())));
  }

  @Test
  @Order(3)
  void repeatedNotificationAddsNothingAndNewInstanceAddsRevision() {
    upload("us-late.dcm");
    String caseId = caseIds.forStudy(OrthancTestResource.PACS, LATE_STUDY);
    ImageIngested first = imageAfterNotification(OrthancTestResource.PACS, LATE_STUDY);

    kafka.send(Topics.STUDY_NOTIFICATIONS, notification(OrthancTestResource.PACS, LATE_STUDY, "repeat"));
    List<ConsumerRecord<String, byte[]>> afterRepeat = tail.drain(QUIET);
    upload("seg-late.dcm");
    ImageIngested second = imageAfterNotification(OrthancTestResource.PACS, LATE_STUDY);

    assertEquals(1, first.revision());
    assertEquals(ImageIngested.RoiSource.NONE, first.roiSource());
    assertEquals(null, first.maskKey());
    assertEquals(0, afterRepeat.stream().filter(r -> caseId.equals(r.key())).count());
    assertEquals(2, second.revision());
    assertEquals(ImageIngested.RoiSource.DICOM_SEG, second.roiSource());
  }

  @Test
  @Order(4)
  void rejectRuleDeadLettersStudyWithoutSeg() {
    upload("us-mismatch.dcm");

    DeadLetter letter = deadLetterAfterNotification(OrthancTestResource.STRICT_PACS, MISMATCH_STUDY);

    assertEquals("NO_ROI", letter.errorCode());
    assertTrue(letter.reason().contains("found none (ROI rule: reject)"), letter.reason());
  }

  @Test
  @Order(5)
  void segOfOtherSizeIsRejected() {
    upload("seg-mismatch.dcm");

    DeadLetter letter = deadLetterAfterNotification(OrthancTestResource.PACS, MISMATCH_STUDY);

    assertEquals("SEG_SIZE_MISMATCH", letter.errorCode());
    assertTrue(letter.reason().endsWith("frames must be 80 x 64 pixels like the image, found 40 x 32"), letter.reason());
  }

  @Test
  @Order(6)
  void unreachablePacsIsDeadLetteredAndConsumerGoesOn() {
    DeadLetter offline = deadLetterAfterNotification(OrthancTestResource.OFFLINE_PACS, SINGLE_STUDY);
    kafka.sendRaw(Topics.STUDY_NOTIFICATIONS, "poison", "{not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    DeadLetter poison = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER,
        tail.next(keyed(Topics.DLQ_INGEST, "poison"), WAIT)).payload();
    DeadLetter unknown = deadLetterAfterNotification("no-such-pacs", SINGLE_STUDY);

    assertEquals("PACS_UNREACHABLE", offline.errorCode());
    assertTrue(offline.reason().contains("after 2 attempts"), offline.reason());
    assertEquals("MISSING_HEADER", poison.errorCode());
    assertEquals("UNKNOWN_PACS", unknown.errorCode());
  }

  @Test
  @Order(7)
  void emrRecordsLinkByAccessionAndPatientWindow() {
    upload("us-cine.dcm");
    String singleCase = caseIds.forStudy(OrthancTestResource.PACS, SINGLE_STUDY);
    String cineCase = caseIds.forStudy(OrthancTestResource.PACS, CINE_STUDY);

    kafka.sendRaw(Topics.EMR_CLINICAL_RECORDS, "emr-1", emr("emr-1", "\"accessionNumber\": \"ACC1001\"",
        "{\"name\": \"afp\", \"value\": \"120\", \"unit\": \"ng/mL\"}, {\"name\": \"albumin\", \"value\": \"3.5\", \"unit\": \"g/dL\"},"
            + " {\"name\": \"alt\", \"value\": \"?\"}"), new RecordHeaders());
    kafka.sendRaw(Topics.EMR_CLINICAL_RECORDS, "emr-2", emr("emr-2",
        "\"patientId\": \"FIX-1002\", \"takenAt\": \"2026-02-20T09:00:00Z\"", "{\"name\": \"age\", \"value\": \"64\"}"),
        new RecordHeaders());
    kafka.sendRaw(Topics.EMR_CLINICAL_RECORDS, "emr-3", emr("emr-3",
        "\"patientId\": \"FIX-1002\", \"takenAt\": \"2025-12-01T09:00:00Z\"", "{\"name\": \"age\", \"value\": \"64\"}"),
        new RecordHeaders());
    ClinicalRecordIngested byAccession = KafkaTestClient.<ClinicalRecordIngested>decode(
        EventType.CLINICAL_RECORD_INGESTED, tail.next(keyed(Topics.CLINICAL_RECORD_INGESTED, singleCase), WAIT)).payload();
    ClinicalRecordIngested byPatient = KafkaTestClient.<ClinicalRecordIngested>decode(
        EventType.CLINICAL_RECORD_INGESTED, tail.next(keyed(Topics.CLINICAL_RECORD_INGESTED, cineCase), WAIT)).payload();
    DeadLetter outsideWindow = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER,
        tail.next(r -> r.topic().equals(Topics.DLQ_INGEST) && r.value().length > 0
            && new String(r.value(), StandardCharsets.UTF_8).contains("NO_MATCHING_STUDY"), WAIT)).payload();

    assertEquals(35.0, value(byAccession, "albumin").value(), 1e-9);
    assertEquals("g/dL", value(byAccession, "albumin").sourceUnit());
    assertEquals(120.0, value(byAccession, "afp").value(), 1e-9);
    assertEquals(ClinicalValue.ValueFlag.MISSING, value(byAccession, "alt").flag());
    assertEquals(null, value(byAccession, "alt").value());
    assertEquals(64.0, value(byPatient, "age").value(), 1e-9);
    assertEquals("", outsideWindow.originalPayloadBase64());
    assertTrue(outsideWindow.originalHeaders().get(RawInputDeadLetters.ORIGINAL_KEY_HEADER).startsWith("rejected/ingest/"));
    assertTrue(store.exists(Bucket.ORIGINALS, outsideWindow.originalHeaders().get(RawInputDeadLetters.ORIGINAL_KEY_HEADER)));
  }

  @Test
  @Order(8)
  void invalidEmrRecordNamesFieldWithoutIdentifier() {
    byte[] body = ("{\"messageId\": \"emr-4\", \"sourcePacs\": \"orthanc\", \"patientId\": \"FIX-1003\","
        + " \"values\": [{\"name\": \"afp\", \"value\": \"12\"}]}").getBytes(StandardCharsets.UTF_8);

    String reason = RestAssured.given().contentType("application/json").body(body).post("/clinical/records")
        .then().statusCode(400).extract().path("reason");

    assertEquals("takenAt must be an ISO-8601 instant when the record is linked by patientId, found none", reason);
  }

  @Test
  @Order(9)
  void changesPollerPublishesStableStudies() throws Exception {
    IngestConfig.Pacs settings = pacs.settings(OrthancTestResource.PACS);
    IngestConfig.Pacs polled = (IngestConfig.Pacs) java.lang.reflect.Proxy.newProxyInstance(
        IngestConfig.Pacs.class.getClassLoader(), new Class<?>[] {IngestConfig.Pacs.class},
        (proxy, method, args) -> method.getName().equals("changesUrl")
            ? java.util.Optional.of(OrthancServer.get().url()) : method.invoke(settings, args));
    Thread.sleep(STABLE_AGE_WAIT.toMillis());

    int published = poller.poll(OrthancTestResource.PACS, polled);
    List<ConsumerRecord<String, byte[]>> after = tail.drain(QUIET);

    assertTrue(published >= 4, "one StableStudy per fixture study at least, found " + published);
    assertEquals(0, after.stream().filter(r -> r.topic().equals(Topics.IMAGE_INGESTED)).count(),
        "unchanged studies must not produce new revisions");
  }

  private static byte[] emr(String id, String link, String values) {
    return ("{\"messageId\": \"" + id + "\", \"sourcePacs\": \"orthanc\", " + link + ", \"values\": [" + values + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static ClinicalValue value(ClinicalRecordIngested record, String name) {
    return record.values().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  private void upload(String... fixtures) {
    for (String name : fixtures) {
      OrthancServer.Upload upload = OrthancServer.get().upload(fixtureBytes(name));
      assertTrue(upload.status() == 200, name + " was not stored: " + upload.body());
    }
  }

  private ImageIngested imageAfterNotification(String pacs, String studyUid) {
    kafka.send(Topics.STUDY_NOTIFICATIONS, notification(pacs, studyUid, "image"));
    return decode(tail.next(keyed(Topics.IMAGE_INGESTED, caseIds.forStudy(pacs, studyUid)), WAIT));
  }

  private DeadLetter deadLetterAfterNotification(String pacs, String studyUid) {
    EventEnvelope<StudyNotification> notification = notification(pacs, studyUid, "dead-letter");
    kafka.send(Topics.STUDY_NOTIFICATIONS, notification);
    ConsumerRecord<String, byte[]> record = tail.next(r -> r.topic().equals(Topics.DLQ_INGEST) && studyUid.equals(r.key())
        && KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, r).payload().originalHeaders().get("ce_id")
            .equals(notification.id()), WAIT);
    assertNotNull(record, "no dead letter for " + pacs + " study " + studyUid);
    return KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, record).payload();
  }

  private static EventEnvelope<StudyNotification> notification(String pacs, String studyUid, String trigger) {
    EventEnvelope<StudyNotification> base = PacsDicomFilesIT.notification(studyUid, trigger + "|" + pacs);
    StudyNotification payload = new StudyNotification(1, studyUid, pacs, null, StudyNotification.StudyState.STABLE,
        base.time());
    return new EventEnvelope<>(base.id(), base.type(), base.source(), base.time(), studyUid, studyUid, payload);
  }

  private static java.util.function.Predicate<ConsumerRecord<String, byte[]>> keyed(String topic, String key) {
    return r -> r.topic().equals(topic) && key.equals(r.key());
  }

  private static ImageIngested decode(ConsumerRecord<String, byte[]> record) {
    assertNotNull(record, "no image-ingested event");
    return KafkaTestClient.<ImageIngested>decode(EventType.IMAGE_INGESTED, record).payload();
  }

  private BufferedImage stored(String key) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(store.get(Bucket.DERIVED, key).content()));
  }

  private static BufferedImage fixture(String name) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(fixtureBytes(name)));
  }

  private static byte[] fixtureBytes(String name) {
    try (InputStream in = PacsStudyIT.class.getResourceAsStream("/dicom/" + name)) {
      assertNotNull(in, "fixture " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Grey samples of a single-channel image, row by row. */
  static int[] pixels(BufferedImage image) {
    assertEquals(1, image.getRaster().getNumBands());
    return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
  }
}
