package org.pd1response.contracts.events;

import java.time.Instant;
import java.util.Map;
import org.pd1response.contracts.Stage;

/**
 * A record a stage could not process, with the reason and the original bytes and headers, so
 * that it can be inspected and replayed.
 *
 * @param errorCode stable machine-readable reason, such as {@code INVALID_JSON}
 * @param reason human-readable reason naming the field, the expected value and the value found
 * @param key record key of the original, normally the case id; null when absent
 * @param originalPayloadBase64 original record value, Base64-encoded
 */
public record DeadLetter(
    int schemaVersion,
    Stage failedStage,
    String errorCode,
    String reason,
    String sourceTopic,
    int sourcePartition,
    long sourceOffset,
    String key,
    String originalPayloadBase64,
    Map<String, String> originalHeaders,
    Instant failedAt) {}
