package org.pd1response.evaluation.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.clinical.model.ClinicalModel;
import org.pd1response.clinical.model.ClinicalScoringException;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.ClinicalRecordException;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.ClinicalSchemas;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.storage.RegisteredModel;

/**
 * Scores clinical records as ingest and clinical-inference-service do: the raw values are
 * normalised with the named clinical schema (unknown indicators rejected, as the ingest research
 * path rejects them), then scored by the clinical-model library's {@link ClinicalModel}.
 */
public final class ClinicalScorer {

  /** Column name of the clinical probability, as {@code collect} writes it. */
  public static final String COLUMN = "clinical";

  private final ModelRef ref;
  private final ClinicalModel model;
  private final ClinicalNormaliser normaliser;
  private final String column;

  /**
   * Reads the model file.
   *
   * @param schemaName schema of the raw records; null for the schema the model was trained on
   * @param column name of the probability column in the predictions file
   * @throws InvalidInputException when the card is not a JSON clinical card, the model file is
   *     invalid, or the schema is unknown
   */
  public ClinicalScorer(RegisteredModel registered, String schemaName, String column) {
    JsonNode card = registered.card();
    String format = card.path("format").asText();
    if (!"JSON".equals(format)) {
      throw new InvalidInputException("card format of clinical model " + registered.name() + " "
          + registered.version() + " must be JSON, found '" + format + "'");
    }
    this.ref = registered.ref();
    this.column = column;
    try {
      this.model = ClinicalModel.fromJson(registered.modelBytes());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("clinical model " + registered.name() + " " + registered.version()
          + " cannot be used: " + e.getMessage(), e);
    }
    String name = schemaName == null || schemaName.isBlank() ? model.schema().name() : schemaName;
    ClinicalSchema schema;
    try {
      schema = ClinicalSchemas.byName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--clinical-schema: " + e.getMessage(), e);
    }
    this.normaliser = new ClinicalNormaliser(schema);
  }

  public ModelRef ref() {
    return ref;
  }

  public String column() {
    return column;
  }

  /** Decision threshold of the model, written into the predictions file's header. */
  public double threshold() {
    return model.threshold();
  }

  /** Name of the schema the raw records are normalised with. */
  public String schemaName() {
    return normaliser.schema().name();
  }

  /**
   * Scores every case that has a clinical record, in file order.
   *
   * @param failures receives one entry per record that is invalid or cannot be scored
   * @return case id to the probability of the positive class
   */
  public Map<String, Double> score(List<ScoringCase> cases, List<CaseFailure> failures) {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    for (ScoringCase scoringCase : cases) {
      if (scoringCase.clinical() == null) {
        continue;
      }
      NormalisedRecord record;
      try {
        record = normaliser.normalise(scoringCase.clinical());
      } catch (ClinicalRecordException e) {
        failures.add(new CaseFailure(scoringCase.caseId(), column, "INVALID_CLINICAL_RECORD",
            "schema " + schemaName() + ": " + e.getMessage()));
        continue;
      }
      try {
        probabilities.put(scoringCase.caseId(), model.score(record.values()).probability());
      } catch (ClinicalScoringException e) {
        failures.add(new CaseFailure(scoringCase.caseId(), column, "UNSCORABLE_RECORD",
            e.getMessage() + " (model " + ref.name() + " " + ref.version() + ")"));
      }
    }
    return probabilities;
  }
}
