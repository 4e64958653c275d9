package org.pd1response.ingest.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.runtime.EventSender;

/**
 * Puts notifications that arrive by webhook or by polling on the study-notification topic, so that
 * every study goes through the one consumer, in order per study, with its duplicate detection.
 * Records are keyed by the StudyInstanceUID, like a PACS router's.
 */
@ApplicationScoped
public class StudyNotificationPublisher {

  private final EventSender sender;
  private final Clock clock;

  public StudyNotificationPublisher(@Channel("study-notifications-out") MutinyEmitter<byte[]> out, Clock clock) {
    this.sender = new EventSender(out);
    this.clock = clock;
  }

  /**
   * Publishes a notification and waits for the broker.
   *
   * @param trigger what raised it, such as a /changes sequence number; part of the event id, so a
   *     replayed trigger yields the same id and the consumer drops it
   */
  public StudyNotification publish(String pacsName, String studyUid, String pacsStudyId,
      StudyNotification.StudyState state, String trigger) {
    Instant now = clock.instant();
    StudyNotification notification = new StudyNotification(1, studyUid, pacsName, pacsStudyId, state, now);
    String id = UUID.nameUUIDFromBytes(String.join("|", "study-notification", pacsName, studyUid, state.name(), trigger)
        .getBytes(StandardCharsets.UTF_8)).toString();
    sender.send(new EventEnvelope<>(id, EventType.STUDY_NOTIFICATION, EventEnvelope.sourceOf(Stage.INGEST), now,
        studyUid, studyUid, notification));
    return notification;
  }
}
