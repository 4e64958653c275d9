package org.pd1response.storage;

import java.util.regex.Pattern;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.Stage;

/**
 * The object key layout. Keys are immutable. A case's objects live under its case id and revision,
 * and a model's under its name and version, so an object is never overwritten with other content
 * and a re-run of a stage writes the same bytes to the same key. Only pseudonymous ids
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
 * state (mutable, the one exception to immutable keys):
 *            cases/{caseId}/state/{stage}.json     in derived: a stage's per-case progress
 *            links/{linkType}/{pseudonym}.json     in originals: a pseudonymous identifier's cases
 * rejected:  rejected/{stage}/{sha256}             in originals: a raw input that was dead-lettered
 * </pre>
 */
public final class ObjectKeys {

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern LINK_TYPE = Pattern.compile("[a-z][a-z-]{0,31}");

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

  /**
   * Mutable progress of one stage for one case, such as the revision and content fingerprint that
   * ingest keeps per study; the only case key that is overwritten.
   */
  public static String caseState(String caseId, Stage stage) {
    if (!CaseIds.isCaseId(caseId)) {
      throw new IllegalArgumentException("caseId must be a pseudonymous case id (c + 32 hex), found '" + caseId + "'");
    }
    return "cases/" + caseId + "/state/" + stage.slug() + ".json";
  }

  /**
   * Index from a pseudonymised identifier (such as an accession number or a patient id, derived
   * with {@link CaseIds}) to the cases it belongs to; kept in the originals bucket because it
   * links cases of one patient.
   */
  public static String linkIndex(String linkType, String pseudonym) {
    if (!CaseIds.isCaseId(pseudonym)) {
      throw new IllegalArgumentException("pseudonym must have the form of a case id (c + 32 hex), found '" + pseudonym + "'");
    }
    return "links/" + check("linkType", linkType, LINK_TYPE) + "/" + pseudonym + ".json";
  }

  /**
   * A raw input (not a pipeline event) that a stage rejected, kept in the originals bucket
   * because it may carry patient identifiers that must not travel in the dead-letter topic.
   */
  public static String rejectedInput(Stage stage, String sha256) {
    return "rejected/" + stage.slug() + "/" + check("sha256", sha256, HASH);
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
