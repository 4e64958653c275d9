package org.pd1response.clinical.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.Indicator;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;

/**
 * A trained clinical model as stored in its JSON model file: the schema that defines units and
 * plausible ranges, the imputation and standardisation of every feature, the Lasso-selected
 * features and the exported classifier. The training command and the inference service both
 * score through {@link #score}, so they give the same probability for the same record.
 *
 * @param formatVersion version of this file format, currently 1
 * @param schema clinical schema the features come from
 * @param features every schema feature with its imputation and scaling, in schema order
 * @param selected names of the features the classifier reads, in classifier input order
 * @param threshold decision threshold on the probability, chosen on cross-validated predictions
 */
public record ClinicalModel(
    int formatVersion,
    ClinicalSchema schema,
    List<FeatureSpec> features,
    List<String> selected,
    Classifier classifier,
    double threshold) {

  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  public ClinicalModel {
    features = List.copyOf(features);
    selected = List.copyOf(selected);
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "clinical model formatVersion must be " + FORMAT_VERSION + ", found " + formatVersion);
    }
    for (String name : selected) {
      if (features.stream().noneMatch(f -> f.name().equals(name))) {
        throw new IllegalArgumentException("selected feature '" + name + "' is not one of the model features");
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("clinical model must select at least one feature, found none");
    }
  }

  /** Reads a model file; a file that is not this format fails with the reason. */
  public static ClinicalModel fromJson(byte[] json) {
    try {
      return MAPPER.readValue(json, ClinicalModel.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid clinical model file: " + e.getMessage(), e);
    }
  }

  /** Writes the model file. Doubles are written in their shortest exact form, so reading it back gives the same model. */
  public byte[] toJson() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write clinical model", e);
    }
  }

  /**
   * Scores one record of values in canonical units. A missing value, or one outside the schema's
   * plausible range, is replaced by its imputation value and reported.
   *
   * @throws ClinicalScoringException when a value has another unit than the model's, a PRESENT
   *     value has no finite number, or none of the selected features is present
   */
  public ClinicalPrediction score(List<ClinicalValue> values) {
    Map<String, ClinicalValue> byName = new HashMap<>();
    for (ClinicalValue value : values) {
      byName.put(value.name(), value);
    }
    List<String> flagged = new ArrayList<>();
    for (FeatureSpec feature : features) {
      ClinicalValue value = byName.get(feature.name());
      if (value != null && (value.flag() == ValueFlag.IMPLAUSIBLE || value.flag() == ValueFlag.UNPARSEABLE)) {
        flagged.add(feature.name());
      }
    }

    double[] x = new double[selected.size()];
    List<String> imputed = new ArrayList<>();
    for (int i = 0; i < selected.size(); i++) {
      String name = selected.get(i);
      FeatureSpec feature = feature(name);
      Double usable = usableValue(feature, byName.get(name), flagged);
      if (usable == null) {
        imputed.add(name);
        x[i] = feature.standardise(feature.imputation());
      } else {
        x[i] = feature.standardise(usable);
      }
    }
    if (imputed.size() == selected.size()) {
      throw new ClinicalScoringException("values", "all " + selected.size() + " selected features missing",
          "at least one of " + selected + " present");
    }

    double probability = classifier.probability(x);
    if (!Double.isFinite(probability) || probability < 0 || probability > 1) {
      throw new IllegalStateException("clinical model produced probability " + probability + ", expected a number in [0, 1]");
    }
    return new ClinicalPrediction(probability, imputed, flagged);
  }

  /** Returns the feature's usable number, or null when it must be imputed. */
  private Double usableValue(FeatureSpec feature, ClinicalValue value, List<String> flagged) {
    if (value == null || value.flag() != ValueFlag.PRESENT) {
      return null;
    }
    if (value.unit() == null || !value.unit().equals(feature.unit())) {
      throw new ClinicalScoringException(feature.name() + ".unit", value.unit(), "'" + feature.unit() + "'");
    }
    if (value.value() == null || !Double.isFinite(value.value())) {
      throw new ClinicalScoringException(
          feature.name() + ".value", String.valueOf(value.value()), "a finite number for a PRESENT value");
    }
    Indicator indicator = schema.find(feature.name()).orElseThrow();
    if (!indicator.range().contains(value.value())) {
      if (!flagged.contains(feature.name())) {
        flagged.add(feature.name());
      }
      return null;
    }
    return value.value();
  }

  private FeatureSpec feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }
}
