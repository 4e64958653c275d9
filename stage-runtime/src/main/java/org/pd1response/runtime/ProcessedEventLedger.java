package org.pd1response.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.pd1response.contracts.Stage;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.Sha256;

/**
 * Remembers which input events a stage has fully processed, so that a redelivered event (after a
 * rebalance, a crash before the offset commit, or a producer retry) has no second effect. Markers
 * are empty objects under {@code ledger/{stage}/{sha256(eventId)}} in the derived bucket, fronted
 * by a bounded in-memory cache. A marker is written only after the outputs were acknowledged, so
 * a crash between the two re-produces the outputs with the same event ids, which downstream
 * consumers drop as duplicates.
 */
public class ProcessedEventLedger {

  private final ObjectStore store;
  private final Stage stage;
  private final Set<String> recent;

  public ProcessedEventLedger(ObjectStore store, Stage stage, int cacheSize) {
    this.store = store;
    this.stage = stage;
    this.recent = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > cacheSize;
      }
    }));
  }

  public boolean isProcessed(String eventId) {
    if (recent.contains(eventId)) {
      return true;
    }
    boolean stored = store.exists(Bucket.DERIVED, key(eventId));
    if (stored) {
      recent.add(eventId);
    }
    return stored;
  }

  public void markProcessed(String eventId) {
    store.put(Bucket.DERIVED, key(eventId), new byte[0], "application/octet-stream");
    recent.add(eventId);
  }

  private String key(String eventId) {
    return "ledger/" + stage.slug() + "/" + Sha256.of(eventId.getBytes(StandardCharsets.UTF_8));
  }
}
