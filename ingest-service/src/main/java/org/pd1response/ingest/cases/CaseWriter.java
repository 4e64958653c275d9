package org.pd1response.ingest.cases;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.pd1response.ingest.imaging.BinaryMask;
import org.pd1response.ingest.imaging.CanonicalImage;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectStore;

/**
 * Stores one case revision: the originals as received in the originals bucket, the canonical image
 * and mask in the derived bucket. Derived PNGs are written from pixels only, so they carry no
 * metadata of the source file. Keys are immutable, so a retried revision writes the same bytes.
 */
@ApplicationScoped
public class CaseWriter {

  /** One original file with its stored name (never the submitted file name, which may identify the patient). */
  public record Original(String fileName, byte[] content, String contentType) {}

  /** Keys of a stored revision; {@code maskKey} is null when the case has no ROI. */
  public record StoredCase(String originalKey, String imageKey, String maskKey) {}

  private final ObjectStore store;

  public CaseWriter(ObjectStore store) {
    this.store = store;
  }

  /** Stores the revision; the first original is the image's and its key is returned. */
  public StoredCase store(String caseId, int revision, List<Original> originals, CanonicalImage image, BinaryMask mask) {
    String originalKey = null;
    for (Original original : originals) {
      String key = ObjectKeys.original(caseId, revision, original.fileName());
      store.putIfAbsent(Bucket.ORIGINALS, key, original.content(), original.contentType());
      if (originalKey == null) {
        originalKey = key;
      }
    }
    String imageKey = ObjectKeys.image(caseId, revision);
    store.putIfAbsent(Bucket.DERIVED, imageKey, image.png(), "image/png");
    String maskKey = null;
    if (mask != null) {
      maskKey = ObjectKeys.mask(caseId, revision);
      store.putIfAbsent(Bucket.DERIVED, maskKey, CanonicalImage.encodePng(mask.toImage()), "image/png");
    }
    return new StoredCase(originalKey, imageKey, maskKey);
  }
}
