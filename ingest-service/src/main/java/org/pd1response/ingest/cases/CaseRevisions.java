package org.pd1response.ingest.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.pd1response.contracts.Stage;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectNotFoundException;
import org.pd1response.storage.ObjectStore;

/**
 * Decides the revision of a case from a fingerprint of its content. The state (current revision,
 * fingerprint of that content, the fingerprint of the last content that was rejected, and a pending
 * revision) lives in the derived bucket under the case's state key, so a restarted or scaled-out
 * service reads the same state. The same content again yields no revision, so repeated PACS notifications and
 * resubmissions have no effect; changed content (a study that gained instances) yields the next
 * revision.
 *
 * <p>A pending revision is one whose event is about to be sent, or was sent, while its
 * {@link #recordIngested} has not run yet. It counts as the case's newest revision, so a clinical
 * record that arrives in that gap is linked to it. The same content again yields the pending
 * revision once more, so a retry after a crash re-sends the same event id. Other content never
 * reuses its number, because an event with that id may already be on the topic.
 *
 * <p>NOTE: two replicas that handle the same case at the same moment could both take the same
 * revision. Study notifications are keyed by StudyInstanceUID, so one partition (one replica)
 * sees a study; concurrent REST submissions of the same research image are not serialised.
 */
@ApplicationScoped
public class CaseRevisions {

  private static final Logger LOG = Logger.getLogger(CaseRevisions.class);

  /**
   * Stored state of one case.
   *
   * @param revision last revision that produced events; 0 when none did
   * @param fingerprint SHA-256 of the content of that revision
   * @param rejectedFingerprint SHA-256 of the last content that was rejected for good, if any
   * @param pending revision whose event may have been sent but is not yet recorded as ingested, if any
   */
  public record CaseState(int revision, String fingerprint, String rejectedFingerprint, Pending pending,
      Instant updatedAt) {}

  /**
   * Revision whose event is being sent.
   *
   * @param fingerprint SHA-256 of the content of that revision
   */
  public record Pending(int revision, String fingerprint) {}

  private final ObjectStore store;
  private final ObjectMapper json;
  private final Clock clock;

  public CaseRevisions(ObjectStore store, ObjectMapper json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Returns the revision to ingest this content as, or empty when the content was already ingested
   * or rejected. Content of the pending revision gets that revision again. Other new content gets
   * the number after both the ingested and the pending revision.
   */
  public Optional<Integer> nextRevision(String caseId, String fingerprint) {
    Optional<CaseState> found = state(caseId);
    if (found.isEmpty()) {
      return Optional.of(1);
    }
    CaseState state = found.get();
    if (fingerprint.equals(state.fingerprint()) || fingerprint.equals(state.rejectedFingerprint())) {
      return Optional.empty();
    }
    if (state.pending() != null && fingerprint.equals(state.pending().fingerprint())) {
      LOG.infof("Case %s revision %d is still pending from an earlier attempt, so its content is ingested again"
          + " under that revision", caseId, state.pending().revision());
      return Optional.of(state.pending().revision());
    }
    return Optional.of(newest(state) + 1);
  }

  /** Returns the newest revision of the case, pending included, or 0 when nothing was ingested yet. */
  public int currentRevision(String caseId) {
    return state(caseId).map(CaseRevisions::newest).orElse(0);
  }

  /**
   * Records that the event of this revision is about to be sent. Callers run it before the send and
   * {@link #recordIngested} after it.
   */
  public void recordPending(String caseId, int revision, String fingerprint) {
    Optional<CaseState> state = state(caseId);
    write(caseId, new CaseState(state.map(CaseState::revision).orElse(0),
        state.map(CaseState::fingerprint).orElse(null), state.map(CaseState::rejectedFingerprint).orElse(null),
        new Pending(revision, fingerprint), clock.instant()));
  }

  /**
   * Records that the revision with this content was ingested and its events were sent. This ends the
   * pending revision.
   */
  public void recordIngested(String caseId, int revision, String fingerprint) {
    write(caseId, new CaseState(revision, fingerprint, null, null, clock.instant()));
  }

  /**
   * Records that this content was rejected for good, so that a repeat of it is ignored.
   *
   * <p>NOTE: a pending revision is kept, because its event may already be on the topic. When the
   * rejected content is that of the pending revision, clinical records go on linking to a revision
   * that may have no image-ingested event.
   */
  public void recordRejected(String caseId, String fingerprint) {
    Optional<CaseState> state = state(caseId);
    write(caseId, new CaseState(state.map(CaseState::revision).orElse(0),
        state.map(CaseState::fingerprint).orElse(null), fingerprint, state.map(CaseState::pending).orElse(null),
        clock.instant()));
  }

  private static int newest(CaseState state) {
    return state.pending() == null ? state.revision() : Math.max(state.revision(), state.pending().revision());
  }

  private Optional<CaseState> state(String caseId) {
    try {
      byte[] content = store.get(Bucket.DERIVED, ObjectKeys.caseState(caseId, Stage.INGEST)).content();
      return Optional.of(json.readValue(content, CaseState.class));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("ingest state of case " + caseId + " is not valid JSON", e);
    }
  }

  private void write(String caseId, CaseState state) {
    try {
      store.put(Bucket.DERIVED, ObjectKeys.caseState(caseId, Stage.INGEST), json.writeValueAsBytes(state),
          "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
