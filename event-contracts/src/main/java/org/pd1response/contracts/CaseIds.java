package org.pd1response.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives pseudonymous case ids: HMAC-SHA-256 with a secret key over the source identifiers,
 * truncated to 128 bits (32 hex characters) and prefixed with {@code c}. Each identifier is
 * length-prefixed before hashing, so ("ab", "c") and ("a", "bc") never collide. Without the key
 * the id cannot be linked back to the study or image, and the same source always yields the same
 * id, which is what makes re-ingestion idempotent.
 */
public final class CaseIds {

  /** Shortest accepted key, in bytes: HMAC-SHA-256 keys shorter than the hash weaken it. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int ID_HEX_CHARS = 32;

  private final SecretKeySpec key;

  private CaseIds(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
  }

  /**
   * Creates the derivation for a key given as text.
   *
   * @throws IllegalArgumentException when the key is shorter than {@value #MIN_KEY_BYTES} bytes
   */
  public static CaseIds withKey(String secret) {
    if (secret == null) {
      throw new IllegalArgumentException(
          "pseudonymisation key is missing: set pipeline.pseudonymisation.key");
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "pseudonymisation key must have at least "
              + MIN_KEY_BYTES
              + " bytes, found "
              + bytes.length);
    }
    return new CaseIds(bytes);
  }

  /** Case id of a PACS study, from the issuer (PACS name) and the StudyInstanceUID. */
  public String forStudy(String issuer, String studyInstanceUid) {
    return derive("pacs", requireText("issuer", issuer), requireText("studyInstanceUid", studyInstanceUid));
  }

  /** Case id of a research submission, from the cohort name and the image id within it. */
  public String forResearchImage(String cohort, String imageId) {
    return derive("research", requireText("cohort", cohort), requireText("imageId", imageId));
  }

  /**
   * Pseudonym of a patient identifier for linking clinical records to studies inside ingest; it
   * never leaves the service.
   */
  public String forPatient(String issuer, String patientId) {
    return derive("patient", requireText("issuer", issuer), requireText("patientId", patientId));
  }

  /** Whether a string has the shape of a case id produced by this class. */
  public static boolean isCaseId(String value) {
    return value != null && value.matches("c[0-9a-f]{" + ID_HEX_CHARS + "}");
  }

  private String derive(String... parts) {
    Mac mac;
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      mac.update(bytes);
    }
    return "c" + HexFormat.of().formatHex(mac.doFinal()).substring(0, ID_HEX_CHARS);
  }

  private static String requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, found '" + value + "'");
    }
    return value.strip();
  }
}
