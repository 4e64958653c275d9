package org.pd1response.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.Topics;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectStore;
import org.pd1response.testsupport.KafkaTestClient;
import org.pd1response.testsupport.PipelineTestResource;
import org.pd1response.testsupport.SharedData;

/**
 * Scans what the PACS, fixture and research tests produced, after they ran. No event on the
 * topics ingest writes, no line of the test log, no metric and no object key may contain the
 * patient names, ids, birth dates or accession numbers those tests fed in.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(OrthancTestResource.class)
@Order(10)
class PrivacyScanIT {

  @Inject
  ObjectStore store;

  @Test
  void noPatientIdentifierLeavesTheService() throws Exception {
    SharedData.require();
    List<String> identifiers = List.copyOf(PatientIdentifiers.all());
    assertTrue(identifiers.size() >= 12, "the earlier tests must have fed identifiers in, found " + identifiers);
    List<String> texts = new ArrayList<>();
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

    try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
      for (String topic : List.of(Topics.IMAGE_INGESTED, Topics.CLINICAL_RECORD_INGESTED, Topics.DLQ_INGEST,
          Topics.STUDY_NOTIFICATIONS)) {
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(topic, r -> true, Duration.ofSeconds(2))) {
          String value = new String(record.value(), StandardCharsets.UTF_8);
          texts.add(topic + " key " + record.key() + ": " + value);
          for (Header header : record.headers()) {
            texts.add(topic + " header " + header.key() + ": " + new String(header.value(), StandardCharsets.UTF_8));
          }
          var base64 = Pattern.compile("\"originalPayloadBase64\":\"([^\"]+)\"").matcher(value);
          if (base64.find()) {
            texts.add(topic + " decoded payload: " + new String(Base64.getDecoder().decode(base64.group(1)),
                StandardCharsets.UTF_8));
          }
        }
      }
    }
    int events = texts.size();
    List<String> logLines = Files.readAllLines(Path.of("target/ingest-test.log"), StandardCharsets.UTF_8);
    texts.addAll(logLines);
    String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    texts.add(metrics);
    int keys = 0;
    try (var client = new MinioClientHolder()) {
      for (Bucket bucket : Bucket.values()) {
        for (Result<Item> item : client.minio.listObjects(ListObjectsArgs.builder().bucket(store.bucketName(bucket))
            .recursive(true).build())) {
          texts.add("key " + item.get().objectName());
          keys++;
        }
      }
    }
    System.out.printf("Scanned %d event texts, %d log lines, %d metric bytes, %d object keys for %d identifiers%n",
        events, logLines.size(), metrics.length(), keys, identifiers.size());

    List<String> leaks = new ArrayList<>();
    Pattern anyIdentifier = Pattern.compile("(?<![0-9A-Za-z])(" + String.join("|",
        identifiers.stream().map(Pattern::quote).toList()) + ")(?![0-9A-Za-z])");
    for (String text : texts) {
      var match = anyIdentifier.matcher(text);
      while (match.find()) {
        leaks.add(match.group(1) + " in: " + text.substring(0, Math.min(200, text.length())));
      }
    }
    assertTrue(events > 700, "expected the events of the earlier tests (run the whole module), found " + events);
    assertTrue(keys > 1000, "expected the objects of the earlier tests, found " + keys);
    assertEquals(List.of(), leaks);
  }

  /** A MinIO client for listing, which the service's object store does not offer. */
  private static final class MinioClientHolder implements AutoCloseable {
    final MinioClient minio = MinioClient.builder()
        .endpoint(ConfigProvider.getConfig().getValue("pipeline.storage.endpoint", String.class))
        .credentials(ConfigProvider.getConfig().getValue("pipeline.storage.access-key", String.class),
            ConfigProvider.getConfig().getValue("pipeline.storage.secret-key", String.class))
        .build();

    @Override
    public void close() {
      // The client keeps no resource that outlives the test JVM.
    }
  }
}
