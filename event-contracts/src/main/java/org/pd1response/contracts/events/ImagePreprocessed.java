package org.pd1response.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A case's image after the model's preprocessing, as a float32 tensor in {@code .npy} format.
 *
 * @param shape tensor shape, channels first, such as [3, 224, 224]
 * @param preprocessing the parameters the tensor was made with
 * @param preprocessingHash SHA-256 (hex) of the canonical JSON of {@code preprocessing}; a model
 *     runs only on tensors whose hash equals the one in its card
 */
public record ImagePreprocessed(
    int schemaVersion,
    String caseId,
    int revision,
    String tensorKey,
    String previewKey,
    List<Integer> shape,
    String dtype,
    Map<String, Object> preprocessing,
    String preprocessingHash,
    String imageKey,
    Instant processedAt) {}
