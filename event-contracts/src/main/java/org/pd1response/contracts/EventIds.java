package org.pd1response.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Derives event ids from what the event is about, never from time or randomness. The same case,
 * revision, stage and model version always give the same id. A redelivered or re-produced event
 * therefore carries the id of the first one, and consumers drop it as a duplicate. The id is a name-based
 * (version 3) UUID over the parts joined with '|'.
 */
public final class EventIds {

  /** Model version used in ids of events that no model produced. */
  public static final String NO_MODEL = "none";

  private EventIds() {}

  /**
   * Returns the id of the event that {@code stage} emits for one case revision.
   *
   * @param qualifier what else makes the event unique, such as the model version or the
   *     prediction sequence; {@link #NO_MODEL} when nothing does
   */
  public static String of(String caseId, int revision, Stage stage, String qualifier) {
    String name = String.join("|", caseId, Integer.toString(revision), stage.slug(), qualifier);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Returns the id of a model-published event for one model version and action. */
  public static String ofModel(String modelName, String version, String action) {
    String name = String.join("|", "model", modelName, version, action);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
