package org.pd1response.ingest.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.ingest.messaging.StudyNotificationPublisher;

/**
 * Polls Orthanc's {@code /changes} for each PACS that has a {@code changes-url}, and publishes a
 * study notification for every {@code StableStudy} change. Orthanc fires StableStudy again when a
 * study gains instances, which the consumer turns into a new revision, and repeats with unchanged
 * content are ignored there.
 *
 * <p>NOTE: the last change sequence is kept in memory, so a restart replays the PACS's whole change
 * log; the consumer ignores studies whose content it already ingested, at the cost of one metadata
 * request per study. A production deployment keeps the sequence in a compacted topic.
 */
@ApplicationScoped
public class ChangesPoller {

  private static final Logger LOG = Logger.getLogger(ChangesPoller.class);
  private static final int PAGE = 100;

  private final IngestConfig config;
  private final StudyNotificationPublisher publisher;
  private final ObjectMapper json;
  private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  public ChangesPoller(IngestConfig config, StudyNotificationPublisher publisher, ObjectMapper json) {
    this.config = config;
    this.publisher = publisher;
    this.json = json;
  }

  void start(@Observes StartupEvent event) {
    config.pacs().forEach((name, settings) -> settings.changesUrl().ifPresent(url -> {
      if (scheduler == null) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "pacs-changes-poller"));
      }
      long interval = settings.changesInterval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> pollSafely(name, settings), interval, interval, TimeUnit.MILLISECONDS);
      LOG.infof("Polling %s/changes of PACS %s every %s", url, name, settings.changesInterval());
    }));
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private void pollSafely(String name, IngestConfig.Pacs settings) {
    try {
      int published = poll(name, settings);
      if (published > 0) {
        LOG.infof("Published %d study notification(s) from the changes of PACS %s", published, name);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warnf("Polling the changes of PACS %s failed; retrying in %s: %s", name, settings.changesInterval(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the changes since the last poll and publishes a notification per stable study; returns how many. */
  public int poll(String name, IngestConfig.Pacs settings) throws IOException, InterruptedException {
    String root = settings.changesUrl().orElseThrow().replaceAll("/+$", "");
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    int published = 0;
    boolean done = false;
    while (!done) {
      long since = lastSequence.getOrDefault(name, 0L);
      JsonNode page = getJson(http, root + "/changes?since=" + since + "&limit=" + PAGE, settings);
      for (JsonNode change : page.path("Changes")) {
        if ("StableStudy".equals(change.path("ChangeType").asText())) {
          String orthancId = change.path("ID").asText();
          JsonNode study = getJson(http, root + "/studies/" + orthancId, settings);
          String studyUid = study.path("MainDicomTags").path("StudyInstanceUID").asText(null);
          if (studyUid != null) {
            publisher.publish(name, studyUid, orthancId, StudyNotification.StudyState.STABLE,
                "changes|" + change.path("Seq").asLong());
            published++;
          }
        }
      }
      lastSequence.put(name, page.path("Last").asLong(since));
      done = page.path("Done").asBoolean(true);
    }
    return published;
  }

  private JsonNode getJson(HttpClient http, String url, IngestConfig.Pacs settings)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout()).GET().build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " returned HTTP " + response.statusCode());
    }
    return json.readTree(response.body());
  }
}
