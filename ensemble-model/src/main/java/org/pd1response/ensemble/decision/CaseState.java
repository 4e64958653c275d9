package org.pd1response.ensemble.decision;

import java.util.ArrayList;
import java.util.List;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.contracts.events.Prediction.Modality;

/**
 * The ensemble's record of one case revision: the latest accepted score of each modality,
 * the models whose scores were left out, and what it last emitted. Stored in a changelogged state
 * store, so it survives a crash together with the offsets of the inputs that built it.
 *
 * @param imaging latest score from an accepted imaging model; null until one arrives
 * @param clinical latest score from an accepted clinical model; null until one arrives
 * @param notAccepted models whose scores arrived but are not accepted by the ensemble card
 * @param firstReceivedMillis wall-clock time of the first score, in epoch milliseconds; the
 *     missing-modality wait starts here
 * @param lastSequence prediction sequence of the last emitted prediction; 0 before the first
 * @param lastSignature what the last prediction was based on, to tell a changed decision from a repeat
 * @param seenEventIds ids of the score events already processed for this case revision
 */
public record CaseState(
    String caseId,
    int revision,
    ScoreInput imaging,
    ScoreInput clinical,
    List<ModelRef> notAccepted,
    long firstReceivedMillis,
    int lastSequence,
    String lastSignature,
    List<String> seenEventIds) {

  public CaseState {
    notAccepted = notAccepted == null ? List.of() : List.copyOf(notAccepted);
    seenEventIds = seenEventIds == null ? List.of() : List.copyOf(seenEventIds);
  }

  /** Creates the state of a case revision whose first score arrives now. */
  public static CaseState first(String caseId, int revision, long nowMillis) {
    return new CaseState(caseId, revision, null, null, List.of(), nowMillis, 0, null, List.of());
  }

  /** Key of a case revision in the state store. */
  public static String key(String caseId, int revision) {
    return caseId + "/r" + revision;
  }

  public String key() {
    return key(caseId, revision);
  }

  public boolean hasSeen(String eventId) {
    return seenEventIds.contains(eventId);
  }

  public boolean hasEmitted() {
    return lastSequence > 0;
  }

  /** Returns the accepted score of a modality, or null. */
  public ScoreInput score(Modality modality) {
    return modality == Modality.IMAGING ? imaging : clinical;
  }

  /** Records an accepted score; it replaces an earlier score of the same modality. */
  public CaseState withAccepted(Modality modality, ScoreInput score) {
    return new CaseState(caseId, revision, modality == Modality.IMAGING ? score : imaging,
        modality == Modality.CLINICAL ? score : clinical, notAccepted, firstReceivedMillis, lastSequence,
        lastSignature, withSeen(score.eventId()));
  }

  /** Records a score that is left out because the card does not accept its model. */
  public CaseState withNotAccepted(String eventId, ModelRef model) {
    List<ModelRef> models = new ArrayList<>(notAccepted);
    if (!models.contains(model)) {
      models.add(model);
    }
    return new CaseState(caseId, revision, imaging, clinical, models, firstReceivedMillis, lastSequence,
        lastSignature, withSeen(eventId));
  }

  /** Records an emitted prediction. */
  public CaseState withEmitted(int sequence, String signature) {
    return new CaseState(caseId, revision, imaging, clinical, notAccepted, firstReceivedMillis, sequence,
        signature, seenEventIds);
  }

  private List<String> withSeen(String eventId) {
    List<String> ids = new ArrayList<>(seenEventIds);
    ids.add(eventId);
    return ids;
  }
}
