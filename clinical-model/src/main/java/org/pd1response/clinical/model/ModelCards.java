package org.pd1response.clinical.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.pd1response.clinical.schema.Indicator;
import org.pd1response.contracts.EventJson;

/**
 * Builds the clinical model card: the common card of the model registry (kind CLINICAL, format
 * JSON) plus the clinical sections. These are the features with units, conversion and
 * plausibility rules, imputation values and scaler parameters, then the selected features,
 * hyperparameters, every candidate's cross-validated metrics, the decision threshold and the
 * training data hash.
 */
public final class ModelCards {

  /** File name of the model file inside a model version. */
  public static final String MODEL_FILE = "clinical-model.json";

  /** Statement of the class-imbalance handling, written into every card. */
  public static final String IMBALANCE_HANDLING = "minority class randomly oversampled to parity within each "
      + "training fold (seeded); SVM Platt scaling fitted on held-out, not oversampled, inner folds; decision "
      + "threshold maximises Youden's J on out-of-fold probabilities";

  private ModelCards() {}

  /** Returns the card of a trained model whose file bytes have the given SHA-256. */
  public static ObjectNode card(TrainingResult result, String name, String version, String modelSha256, Instant createdAt) {
    ClinicalModel model = result.model();
    ObjectNode card = EventJson.mapper().createObjectNode();
    card.put("schemaVersion", 1);
    card.put("name", name);
    card.put("version", version);
    card.put("kind", "CLINICAL");
    card.put("format", "JSON");
    card.put("modelFile", MODEL_FILE);
    card.put("sha256", modelSha256);
    card.put("createdAt", createdAt.toString());
    card.put("trainingDataSha256", result.cohort().dataSha256());
    card.put("description", "Clinical " + result.chosen() + " on Lasso-selected features of schema "
        + model.schema().name() + " " + model.schema().version());

    card.put("clinicalSchema", model.schema().name());
    card.put("clinicalSchemaVersion", model.schema().version());
    ArrayNode features = card.putArray("features");
    for (FeatureSpec spec : model.features()) {
      Indicator indicator = model.schema().find(spec.name()).orElseThrow();
      ObjectNode feature = features.addObject();
      feature.put("name", spec.name());
      feature.put("type", spec.type().name());
      feature.put("unit", spec.unit());
      feature.set("alternativeUnits", EventJson.mapper().valueToTree(indicator.alternativeUnits()));
      feature.set("range", EventJson.mapper().valueToTree(indicator.range()));
      feature.put("zeroImpossible", indicator.zeroImpossible());
      if (indicator.magnitudeRule() != null) {
        feature.set("magnitudeRule", EventJson.mapper().valueToTree(indicator.magnitudeRule()));
      }
      feature.put("imputation", spec.imputation());
      feature.put("scalerMean", spec.mean());
      feature.put("scalerScale", spec.scale());
      feature.put("selected", model.selected().contains(spec.name()));
    }
    card.put("imputation", "training median for continuous features, training mode for binary, ordinal and "
        + "categorical ones, fitted on training rows only");

    ObjectNode lasso = card.putObject("lasso");
    lasso.put("lambda", result.lasso().lambda());
    ObjectNode coefficients = lasso.putObject("coefficients");
    for (int c = 0; c < result.lasso().columns().length; c++) {
      coefficients.put(model.selected().get(c), result.lasso().coefficients()[c]);
    }
    card.set("selectedFeatures", EventJson.mapper().valueToTree(model.selected()));

    card.put("classifier", result.chosen().name());
    card.set("hyperparameters", EventJson.mapper().valueToTree(result.settings().hyperparameters()));
    card.put("threshold", model.threshold());
    card.put("thresholdRule", "maximum Youden's J on out-of-fold probabilities of the chosen classifier");
    card.put("classImbalance", IMBALANCE_HANDLING);

    ObjectNode validation = card.putObject("crossValidation");
    validation.put("method", "stratified repeated k-fold");
    validation.put("folds", result.settings().folds());
    validation.put("repeats", result.settings().repeats());
    validation.put("seed", result.settings().seed());
    validation.put("rows", result.cohort().labels().length);
    validation.put("positives", result.cohort().positives());
    validation.put("negatives", result.cohort().labels().length - result.cohort().positives());
    ArrayNode candidates = validation.putArray("candidates");
    for (CandidateResult candidate : result.results()) {
      JsonNode node = EventJson.mapper().valueToTree(candidate);
      ((ObjectNode) node).put("balancedAccuracy", candidate.balancedAccuracy());
      candidates.add(node);
    }
    card.set("metrics", EventJson.mapper().valueToTree(result.results().stream()
        .filter(r -> r.candidate() == result.chosen()).findFirst().orElseThrow()));
    return card;
  }
}
