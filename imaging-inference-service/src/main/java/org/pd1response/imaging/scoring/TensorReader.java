package org.pd1response.imaging.scoring;

import java.util.Arrays;
import java.util.List;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.imaging.model.ImagingModelCard;
import org.pd1response.imaging.model.InvalidTensorException;
import org.pd1response.imaging.model.NpyArrays;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.storage.Bucket;
import org.pd1response.storage.ObjectNotFoundException;
import org.pd1response.storage.ObjectStore;
import org.pd1response.storage.StorageException;

/**
 * Checks an image-preprocessed event against the serving model's card and reads its tensor.
 * Each failure is a {@link RejectedEventException} with one of the codes below, whose reason
 * names the field, the expected value and the value found.
 */
public final class TensorReader {

  /** The event's preprocessing hash is not the one the model was trained with. */
  public static final String PREPROCESSING_HASH_MISMATCH = "PREPROCESSING_HASH_MISMATCH";
  /** The declared or stored tensor shape is not the model's input shape. */
  public static final String TENSOR_SHAPE_MISMATCH = "TENSOR_SHAPE_MISMATCH";
  /** The tensor object is not a readable float32 {@code .npy} array. */
  public static final String CORRUPTED_TENSOR = "CORRUPTED_TENSOR";
  /** No object exists under the event's tensor key. */
  public static final String TENSOR_NOT_FOUND = "TENSOR_NOT_FOUND";

  private final ObjectStore store;

  public TensorReader(ObjectStore store) {
    this.store = store;
  }

  /**
   * Validates the event and returns its tensor, channels * height * width values in C order.
   *
   * @throws RejectedEventException when the event does not fit the model or the tensor is unusable
   */
  public float[] read(ImagePreprocessed event, ImagingModelCard card) {
    if (!card.preprocessingHash().equals(event.preprocessingHash())) {
      throw new RejectedEventException(PREPROCESSING_HASH_MISMATCH, "preprocessingHash must be "
          + card.preprocessingHash() + " (the hash in the card of model " + card.name() + " " + card.version()
          + "), found " + event.preprocessingHash());
    }
    int[] expected = card.imageShape();
    int[] declared = event.shape().stream().mapToInt(Integer::intValue).toArray();
    if (!Arrays.equals(declared, expected) && !isSingleImageBatch(event.shape(), expected)) {
      throw new RejectedEventException(TENSOR_SHAPE_MISMATCH, "shape must be " + Arrays.toString(expected)
          + " for model " + card.name() + " " + card.version() + ", found " + event.shape());
    }
    byte[] bytes;
    try {
      bytes = store.get(Bucket.DERIVED, event.tensorKey()).content();
    } catch (ObjectNotFoundException e) {
      throw new RejectedEventException(TENSOR_NOT_FOUND, "tensorKey " + event.tensorKey()
          + " must name an object in the derived bucket, found none");
    } catch (StorageException e) {
      if (e.getMessage() != null && e.getMessage().contains("is corrupt")) {
        throw new RejectedEventException(CORRUPTED_TENSOR, "tensor " + event.tensorKey() + " is corrupt: "
            + e.getMessage(), e);
      }
      throw e;
    }
    try {
      return NpyArrays.readFloat32(bytes, declared);
    } catch (InvalidTensorException e) {
      String code = e.wrongShape() ? TENSOR_SHAPE_MISMATCH : CORRUPTED_TENSOR;
      throw new RejectedEventException(code, "tensor " + event.tensorKey() + ": " + e.getMessage());
    }
  }

  private static boolean isSingleImageBatch(List<Integer> shape, int[] expected) {
    return shape.size() == expected.length + 1 && shape.get(0) == 1
        && Arrays.equals(shape.subList(1, shape.size()).stream().mapToInt(Integer::intValue).toArray(), expected);
  }
}
