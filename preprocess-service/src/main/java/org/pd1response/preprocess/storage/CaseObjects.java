package org.pd1response.preprocess.storage;

import java.util.List;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.preprocessing.PreprocessedImage;
import org.pd1response.preprocessing.tensor.NpyFormat;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectKeys;
import org.pd1response.storage.ObjectNotFoundException;
import org.pd1response.storage.ObjectStore;

/** A case's objects in the derived bucket that this stage reads and writes. */
public class CaseObjects {

  /** Keys of the stored tensor and preview. */
  public record Stored(String tensorKey, String previewKey) {}

  private final ObjectStore store;

  public CaseObjects(ObjectStore store) {
    this.store = store;
  }

  /** Reads the canonical image of the event. */
  public byte[] image(ImageIngested image) {
    return read(image.imageKey(), "imageKey");
  }

  /** Reads the event's mask as a one-element list, or returns an empty list when the event has no ROI. */
  public List<byte[]> masks(ImageIngested image) {
    if (image.roiSource() == ImageIngested.RoiSource.NONE || image.maskKey() == null) {
      return List.of();
    }
    return List.of(read(image.maskKey(), "maskKey"));
  }

  /**
   * Stores the tensor as {@code .npy} and the preview as PNG. Keys are immutable and carry the
   * preprocessing hash, so a repeat writes nothing new and other parameters never overwrite.
   */
  public Stored store(ImageIngested image, String preprocessingHash, PreprocessedImage result) {
    String tensorKey = ObjectKeys.tensor(image.caseId(), image.revision(), preprocessingHash);
    String previewKey = ObjectKeys.preview(image.caseId(), image.revision(), preprocessingHash);
    store.putIfAbsent(Bucket.DERIVED, tensorKey, NpyFormat.writeFloat32(result.tensor(), result.shape()),
        "application/octet-stream");
    store.putIfAbsent(Bucket.DERIVED, previewKey, result.previewPng(), "image/png");
    return new Stored(tensorKey, previewKey);
  }

  private byte[] read(String key, String field) {
    try {
      return store.get(Bucket.DERIVED, key).content();
    } catch (ObjectNotFoundException e) {
      throw new RejectedEventException("OBJECT_NOT_FOUND",
          field + " must name an object in the derived bucket, found no object at '" + key + "'", e);
    }
  }
}
