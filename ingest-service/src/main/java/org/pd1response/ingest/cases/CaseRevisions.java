package org.pd1response.ingest.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.pd1response.contracts.Stage;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectNotFoundException;
import org.pd1response.storage.ObjectStore;

/**
 * Decides the revision of a case from a fingerprint of its content. The state (current revision,
 * fingerprint of that content, and the fingerprint of the last content that was rejected) lives in
 * the derived bucket under the case's state key, so a restarted or scaled-out service sees it. The
 * same content again yields no revision, so repeated PACS notifications and resubmissions have no
 * effect; changed content (a study that gained instances) yields the next revision.
 *
 * <p>NOTE: two replicas that handle the same case at the same moment could both take the same
 * revision. Study notifications are keyed by StudyInstanceUID, so one partition (one replica)
 * sees a study; concurrent REST submissions of the same research image are not serialised.
 */
@ApplicationScoped
public class CaseRevisions {

  /**
   * Stored state of one case.
   *
   * @param revision last revision that produced events; 0 when none did
   * @param fingerprint SHA-256 of the content of that revision
   * @param rejectedFingerprint SHA-256 of the last content that was rejected for good, if any
   */
  public record CaseState(int revision, String fingerprint, String rejectedFingerprint, Instant updatedAt) {}

  private final ObjectStore store;
  private final ObjectMapper json;
  private final Clock clock;

  public CaseRevisions(ObjectStore store, ObjectMapper json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /** The next revision for this content, or empty when the content was already ingested or rejected. */
  public Optional<Integer> nextRevision(String caseId, String fingerprint) {
    Optional<CaseState> state = state(caseId);
    if (state.isPresent()
        && (fingerprint.equals(state.get().fingerprint()) || fingerprint.equals(state.get().rejectedFingerprint()))) {
      return Optional.empty();
    }
    return Optional.of(state.map(CaseState::revision).orElse(0) + 1);
  }

  /** Current revision of the case; 0 when nothing was ingested yet. */
  public int currentRevision(String caseId) {
    return state(caseId).map(CaseState::revision).orElse(0);
  }

  /** Records that the revision with this content was ingested and its events were sent. */
  public void recordIngested(String caseId, int revision, String fingerprint) {
    write(caseId, new CaseState(revision, fingerprint, null, clock.instant()));
  }

  /** Records that this content was rejected for good, so that a repeat of it is ignored. */
  public void recordRejected(String caseId, String fingerprint) {
    Optional<CaseState> state = state(caseId);
    write(caseId, new CaseState(state.map(CaseState::revision).orElse(0),
        state.map(CaseState::fingerprint).orElse(null), fingerprint, clock.instant()));
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
