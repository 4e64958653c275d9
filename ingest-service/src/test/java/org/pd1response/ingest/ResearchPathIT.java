package org.pd1response.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Topics;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.DeadLetter;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.ingest.research.SubmitFolderCommand;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.PipelineTestResource;
import org.pd1response.testsupport.SharedData;

/** The research path with the real BUSI images and masks and the real UCI HCC rows. */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(OrthancTestResource.class)
@Order(3)
class ResearchPathIT {

  /** BUSI images here: benign 350, malignant 168, normal 106. */
  static final int BUSI_IMAGES = 624;
  /** Mask files: one per image plus 17 second or third lesion masks ({@code _mask_1}, {@code _mask_2}). */
  static final int BUSI_MASK_FILES = 641;
  /** Images still stored as RGB (Doppler or coloured annotations), as the file headers show. */
  static final int BUSI_RGB_IMAGES = 11;
  static final int UCI_ROWS = 135;
  /** Every '?' of the 135 rows (671 cells); no other code or blank occurs. */
  static final long EXPECTED_MISSING = 671;
  /** Values outside the schema's plausible ranges or zeros where zero is impossible. */
  static final long EXPECTED_IMPLAUSIBLE = 6;
  static final long EXPECTED_UNPARSEABLE = 0;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TestHTTPResource("/")
  URL service;

  @Test
  void submitsEveryBusiImageWithItsMasks() throws Exception {
    Path busi = SharedData.require().resolve("busi");
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    SubmitFolderCommand.Summary summary;
    List<ConsumerRecord<String, byte[]>> records;
    try (EventTail tail = new EventTail(bootstrap, List.of(Topics.IMAGE_INGESTED))) {
      summary = SubmitFolderCommand.run(new SubmitFolderCommand.Options(URI.create(service.toString()), "busi", busi,
          Map.of("malignant", 1, "benign", 0, "normal", 0), 4));
      records = tail.drain(Duration.ofSeconds(3));
    }
    List<ImageIngested> images = records.stream()
        .map(r -> KafkaTestClient.<ImageIngested>decode(EventType.IMAGE_INGESTED, r).payload())
        .filter(image -> "busi".equals(image.cohort()))
        .toList();

    assertEquals(Map.of(201, (long) BUSI_IMAGES), summary.byStatus(), summary.submissions().stream()
        .filter(s -> s.status() != 201).map(s -> s.imageId() + ": " + s.body()).toList().toString());
    assertEquals(BUSI_MASK_FILES, summary.submissions().stream().mapToInt(SubmitFolderCommand.Submitted::masks).sum());
    assertEquals(BUSI_IMAGES, images.size());
    assertEquals(BUSI_IMAGES, images.stream().filter(i -> i.roiSource() == ImageIngested.RoiSource.MASK_FILE).count());
    assertEquals(BUSI_RGB_IMAGES, images.stream().filter(i -> i.channels() == 3).count());
    assertEquals(168, images.stream().filter(i -> Integer.valueOf(1).equals(i.label())).count());
  }

  @Test
  void repeatedSubmissionIsUnchanged() throws IOException {
    Path image = SharedData.require().resolve("busi/benign/images/benign (100).png");
    Path mask = SharedData.require().resolve("busi/benign/masks/benign (100)_mask.png");

    Response first = submit("repeat", "benign/images/benign (100)", image, mask);
    Response second = submit("repeat", "benign/images/benign (100)", image, mask);

    assertEquals(201, first.statusCode(), first.asString());
    assertEquals(200, second.statusCode(), second.asString());
    assertEquals("UNCHANGED", second.path("status"));
    assertEquals(1, (int) second.path("revision"));
  }

  @Test
  void maskOfOtherSizeIsRejected() throws IOException {
    Path image = SharedData.require().resolve("busi/benign/images/benign (100).png");
    Path otherMask = SharedData.require().resolve("busi/malignant/masks/malignant (1)_mask.png");
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    Response response;
    ConsumerRecord<String, byte[]> record;
    try (EventTail tail = new EventTail(bootstrap, List.of(Topics.DLQ_INGEST))) {
      response = submit("mismatch", "benign/images/benign (100)", image, otherMask);
      String caseId = response.path("caseId");
      record = tail.next(r -> r.key() != null, WAIT);
      assertEquals(null, caseId);
    }

    assertEquals(422, response.statusCode());
    assertEquals("MASK_SIZE_MISMATCH", response.path("errorCode"));
    assertTrue(((String) response.path("reason")).endsWith("; masks are never resized"), response.asString());
    assertNotNull(record);
    DeadLetter letter = KafkaTestClient.<DeadLetter>decode(EventType.DEAD_LETTER, record).payload();
    assertEquals("MASK_SIZE_MISMATCH", letter.errorCode());
    assertEquals("rest:/research/cases", letter.sourceTopic());
  }

  @Test
  void everyUciRowBecomesClinicalRecord() throws IOException {
    Path csv = SharedData.require().resolve("hcc-uci/hcc-data-with-header.csv");
    byte[] body = Files.readAllBytes(csv);
    long questionMarks = Files.readAllLines(csv).stream().skip(1)
        .flatMap(line -> java.util.Arrays.stream(line.split(",", -1)))
        .filter("?"::equals)
        .count();
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    Response response;
    List<ConsumerRecord<String, byte[]>> records;
    try (EventTail tail = new EventTail(bootstrap, List.of(Topics.CLINICAL_RECORD_INGESTED))) {
      response = RestAssured.given().contentType("text/csv").body(body)
          .queryParam("cohort", "hcc-uci").queryParam("schema", "uci-hcc").queryParam("labelColumn", "survivalTarget")
          .post("/research/clinical-records");
      records = tail.drain(Duration.ofSeconds(3));
    }
    List<ClinicalRecordIngested> events = records.stream()
        .map(r -> KafkaTestClient.<ClinicalRecordIngested>decode(EventType.CLINICAL_RECORD_INGESTED, r).payload())
        .filter(record -> "hcc-uci".equals(record.cohort()))
        .toList();
    long missing = flagged(events, ClinicalValue.ValueFlag.MISSING);
    long implausible = flagged(events, ClinicalValue.ValueFlag.IMPLAUSIBLE);
    long unparseable = flagged(events, ClinicalValue.ValueFlag.UNPARSEABLE);
    System.out.printf("UCI HCC: %d records, %d question marks, flags: missing %d, implausible %d, unparseable %d%n",
        events.size(), questionMarks, missing, implausible, unparseable);

    assertEquals(200, response.statusCode(), response.asString());
    assertEquals(UCI_ROWS, (int) response.path("ingested"), response.asString());
    assertEquals(0, (int) response.path("rejected"));
    assertEquals(UCI_ROWS, events.size());
    assertEquals(UCI_ROWS * 49L, events.stream().mapToLong(e -> e.values().size()).sum());
    assertTrue(missing >= questionMarks, "every '?' must be missing: " + missing + " < " + questionMarks);
    assertEquals(EXPECTED_MISSING, missing);
    assertEquals(EXPECTED_IMPLAUSIBLE, implausible);
    assertEquals(EXPECTED_UNPARSEABLE, unparseable);
    assertEquals(missing + implausible + unparseable,
        events.stream().mapToLong(e -> e.missing().size()).sum());
    assertTrue(events.stream().allMatch(e -> e.label() != null));
    assertTrue(events.stream().flatMap(e -> e.values().stream())
        .allMatch(v -> (v.flag() == ClinicalValue.ValueFlag.PRESENT) == (v.value() != null)));
  }

  private static long flagged(List<ClinicalRecordIngested> events, ClinicalValue.ValueFlag flag) {
    return events.stream().flatMap(e -> e.values().stream()).filter(v -> v.flag() == flag).count();
  }

  private static Response submit(String cohort, String imageId, Path image, Path mask) {
    return RestAssured.given()
        .multiPart("cohort", cohort)
        .multiPart("imageId", imageId)
        .multiPart("label", "0")
        .multiPart("image", image.toFile(), "image/png")
        .multiPart("mask", mask.toFile(), "image/png")
        .post("/research/cases");
  }
}
