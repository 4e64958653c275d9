package org.pd1response.storage;

import java.util.regex.Pattern;
import org.pd1response.contracts.CaseIds;

/**
 * The object key layout. Keys are immutable: a case's objects live under its case id and
 * revision, a model's under its name and version, so an object is never overwritten with other
 * content, and a re-run of a stage writes the same bytes to the same key. Only pseudonymous ids
 * appear in keys.
 *
 * <pre>
 * originals: cases/{caseId}/r{revision}/original/{fileName}
 * derived:   cases/{caseId}/r{revision}/image.png
 *            cases/{caseId}/r{revision}/mask.png
 *            cases/{caseId}/r{revision}/tensor-{preprocessingHash}.npy
 *            cases/{caseId}/r{revision}/preview-{preprocessingHash}.png
 *            cases/{caseId}/r{revision}/heatmap/{modelName}/{modelVersion}.npy
 *            cases/{caseId}/r{revision}/heatmap/{modelName}/{modelVersion}-overlay.png
 *            models/{modelName}/{version}/{modelFile}
 *            models/{modelName}/{version}/card.json
 *            models/{modelName}/{version}/sha256
 *            models/{modelName}/current
 * </pre>
 */
public final class ObjectKeys {

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private ObjectKeys() {}

  public static String original(String caseId, int revision, String fileName) {
    return caseRoot(caseId, revision) + "original/" + check("fileName", fileName, FILE_NAME);
  }

  public static String image(String caseId, int revision) {
    return caseRoot(caseId, revision) + "image.png";
  }

  public static String mask(String caseId, int revision) {
    return caseRoot(caseId, revision) + "mask.png";
  }

  public static String tensor(String caseId, int revision, String preprocessingHash) {
    return caseRoot(caseId, revision) + "tensor-" + check("preprocessingHash", preprocessingHash, HASH) + ".npy";
  }

  public static String preview(String caseId, int revision, String preprocessingHash) {
    return caseRoot(caseId, revision) + "preview-" + check("preprocessingHash", preprocessingHash, HASH) + ".png";
  }

  public static String heatMap(String caseId, int revision, String modelName, String modelVersion) {
    return heatMapStem(caseId, revision, modelName, modelVersion) + ".npy";
  }

  public static String heatMapOverlay(String caseId, int revision, String modelName, String modelVersion) {
    return heatMapStem(caseId, revision, modelName, modelVersion) + "-overlay.png";
  }

  public static String modelFile(String modelName, String version, String fileName) {
    return modelRoot(modelName, version) + check("modelFile", fileName, FILE_NAME);
  }

  public static String modelCard(String modelName, String version) {
    return modelRoot(modelName, version) + "card.json";
  }

  public static String modelSha256(String modelName, String version) {
    return modelRoot(modelName, version) + "sha256";
  }

  public static String currentModelPointer(String modelName) {
    return "models/" + check("modelName", modelName, MODEL_NAME) + "/current";
  }

  private static String heatMapStem(String caseId, int revision, String modelName, String modelVersion) {
    return caseRoot(caseId, revision)
        + "heatmap/"
        + check("modelName", modelName, MODEL_NAME)
        + "/"
        + check("modelVersion", modelVersion, VERSION);
  }

  private static String modelRoot(String modelName, String version) {
    return "models/" + check("modelName", modelName, MODEL_NAME) + "/" + check("version", version, VERSION) + "/";
  }

  private static String caseRoot(String caseId, int revision) {
    if (!CaseIds.isCaseId(caseId)) {
      throw new IllegalArgumentException("caseId must be a pseudonymous case id (c + 32 hex), found '" + caseId + "'");
    }
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be at least 1, found " + revision);
    }
    return "cases/" + caseId + "/r" + revision + "/";
  }

  private static String check(String field, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must match " + pattern.pattern() + ", found '" + value + "'");
    }
    return value;
  }
}
