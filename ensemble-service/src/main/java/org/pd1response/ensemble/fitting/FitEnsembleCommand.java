package org.pd1response.ensemble.fitting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pd1response.contracts.EventJson;
import org.pd1response.contracts.ModelCardSchema;
import org.pd1response.contracts.events.Prediction.Modality;
import org.pd1response.ensemble.model.AcceptedModel;
import org.pd1response.ensemble.model.EnsembleParameters;
import org.pd1response.storage.Sha256;

/**
 * Fits the ensemble on validation predictions of both models and writes the parameters file and
 * the ensemble card, ready for {@code publish-model --model OUT/ensemble-parameters.json --card OUT/card.json}.
 *
 * <pre>
 * fit-ensemble --predictions FILE --out DIR --version V
 *              --imaging-model NAME:VERSION --clinical-model NAME:VERSION
 *              [--name ensemble] [--weight-step 0.01]
 *              [--imaging-threshold T] [--clinical-threshold T] [--held-out FILE]
 * </pre>
 *
 * Single-modality predictions use each model's own threshold, which should be the one in that
 * model's card. Without the option, Youden's J on the model's own validation predictions sets it.
 */
public final class FitEnsembleCommand {

  public static final String PARAMETERS_FILE = "ensemble-parameters.json";
  public static final String CARD_FILE = "card.json";

  private FitEnsembleCommand() {}

  public static void main(String[] args) throws Exception {
    CommandOptions options = new CommandOptions(args);
    Path predictionsFile = Path.of(options.required("predictions"));
    Path out = Path.of(options.required("out"));
    String name = options.text("name", "ensemble");
    String version = options.required("version");
    String[] imagingModel = modelOption(options, "imaging-model");
    String[] clinicalModel = modelOption(options, "clinical-model");
    double step = options.number("weight-step", 0.01);

    List<PairedPrediction> rows = PairedPrediction.readCsv(predictionsFile);
    EnsembleFitter.Fit fit = EnsembleFitter.fit(rows, step);
    ModelThreshold imagingThreshold = modelThreshold(options, "imaging-threshold", rows, Modality.IMAGING);
    ModelThreshold clinicalThreshold = modelThreshold(options, "clinical-threshold", rows, Modality.CLINICAL);

    EnsembleParameters parameters = new EnsembleParameters(fit.weights(), fit.threshold().threshold(),
        YoudenThreshold.RULE, List.of(
            new AcceptedModel(Modality.IMAGING, imagingModel[0], imagingModel[1], imagingThreshold.value()),
            new AcceptedModel(Modality.CLINICAL, clinicalModel[0], clinicalModel[1], clinicalThreshold.value())));
    byte[] parameterBytes = parameters.toJson();

    Optional<EnsembleFitter.Evaluation> heldOut = Optional.empty();
    if (options.optional("held-out").isPresent()) {
      List<PairedPrediction> heldOutRows = PairedPrediction.readCsv(Path.of(options.required("held-out")));
      heldOut = Optional.of(EnsembleFitter.evaluate(heldOutRows, fit.weights(), fit.threshold().threshold()));
    }

    ObjectNode card = card(name, version, parameters, parameterBytes, fit, imagingThreshold, clinicalThreshold,
        Sha256.of(Files.readAllBytes(predictionsFile)), step, heldOut);
    List<String> violations = ModelCardSchema.violations(card);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException("the ensemble card is invalid, so nothing was written: "
          + String.join("; ", violations));
    }
    Files.createDirectories(out);
    Files.write(out.resolve(PARAMETERS_FILE), parameterBytes);
    Files.write(out.resolve(CARD_FILE), EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(card));
    printSummary(fit, heldOut, out);
  }

  /** A single model's decision threshold and where it came from. */
  private record ModelThreshold(double value, String source) {}

  private static ModelThreshold modelThreshold(CommandOptions options, String option, List<PairedPrediction> rows,
      Modality modality) {
    if (options.optional(option).isPresent()) {
      return new ModelThreshold(options.number(option, Double.NaN), "given with --" + option);
    }
    double[] scores = rows.stream()
        .mapToDouble(row -> modality == Modality.IMAGING ? row.imagingProbability() : row.clinicalProbability())
        .toArray();
    int[] labels = rows.stream().mapToInt(PairedPrediction::label).toArray();
    return new ModelThreshold(YoudenThreshold.of(scores, labels).threshold(),
        "Youden's J on the model's validation predictions");
  }

  private static ObjectNode card(String name, String version, EnsembleParameters parameters, byte[] parameterBytes,
      EnsembleFitter.Fit fit, ModelThreshold imagingThreshold, ModelThreshold clinicalThreshold, String dataSha256,
      double step, Optional<EnsembleFitter.Evaluation> heldOut) {
    ObjectNode card = EventJson.mapper().createObjectNode();
    card.put("schemaVersion", 1);
    card.put("name", name);
    card.put("version", version);
    card.put("kind", "ENSEMBLE");
    card.put("format", "JSON");
    card.put("modelFile", PARAMETERS_FILE);
    card.put("sha256", Sha256.of(parameterBytes));
    card.put("createdAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    card.put("description", "Weighted soft voting of the imaging and clinical probabilities of response.");
    card.put("trainingDataSha256", dataSha256);
    card.set("parameters", EventJson.mapper().valueToTree(parameters));

    ObjectNode evidence = card.putObject("evidence");
    evidence.put("method", String.format(Locale.ROOT, "imaging weight searched over [0, 1] in steps of %s to "
        + "maximise validation AUC (clinical weight = 1 - imaging weight); threshold by Youden's J on the "
        + "combined validation probability", step));
    evidence.put("validationCases", fit.cases());
    evidence.put("validationPositives", fit.positives());
    ObjectNode auc = evidence.putObject("validationAuc");
    putAuc(auc, "imaging", fit.imagingAuc());
    putAuc(auc, "clinical", fit.clinicalAuc());
    putAuc(auc, "ensemble", fit.ensembleAuc());
    ObjectNode threshold = evidence.putObject("threshold");
    threshold.put("rule", YoudenThreshold.RULE);
    threshold.put("value", fit.threshold().threshold());
    threshold.put("youdenJ", fit.threshold().youdenJ());
    threshold.put("sensitivity", fit.threshold().sensitivity());
    threshold.put("specificity", fit.threshold().specificity());
    ObjectNode modelThresholds = evidence.putObject("modelThresholds");
    modelThresholds.putObject("imaging").put("value", imagingThreshold.value()).put("source", imagingThreshold.source());
    modelThresholds.putObject("clinical").put("value", clinicalThreshold.value()).put("source", clinicalThreshold.source());
    ArrayNode grid = evidence.putArray("weightGrid");
    for (EnsembleFitter.GridPoint point : fit.grid()) {
      grid.addObject().put("imagingWeight", point.imagingWeight()).put("auc", point.auc());
    }
    heldOut.ifPresent(evaluation -> {
      ObjectNode held = evidence.putObject("heldOut");
      held.put("cases", evaluation.cases());
      held.put("positives", evaluation.positives());
      putAuc(held, "imagingAuc", evaluation.imagingAuc());
      putAuc(held, "clinicalAuc", evaluation.clinicalAuc());
      putAuc(held, "ensembleAuc", evaluation.ensembleAuc());
      held.put("sensitivity", evaluation.sensitivity());
      held.put("specificity", evaluation.specificity());
    });
    return card;
  }

  private static void putAuc(ObjectNode parent, String field, Auc.Estimate estimate) {
    ObjectNode node = parent.putObject(field);
    node.put("auc", estimate.auc());
    node.putArray("ci95").add(estimate.lower()).add(estimate.upper());
  }

  private static String[] modelOption(CommandOptions options, String option) {
    String value = options.required(option);
    String[] parts = value.split(":", 2);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException("option --" + option + " must be NAME:VERSION, found '" + value + "'");
    }
    return parts;
  }

  private static void printSummary(EnsembleFitter.Fit fit, Optional<EnsembleFitter.Evaluation> heldOut, Path out) {
    System.out.printf(Locale.ROOT, "validation: %d cases, %d responders%n", fit.cases(), fit.positives());
    System.out.printf(Locale.ROOT, "  AUC imaging  %s%n", format(fit.imagingAuc()));
    System.out.printf(Locale.ROOT, "  AUC clinical %s%n", format(fit.clinicalAuc()));
    System.out.printf(Locale.ROOT, "  AUC ensemble %s at weights imaging %.2f clinical %.2f%n",
        format(fit.ensembleAuc()), fit.weights().imaging(), fit.weights().clinical());
    System.out.printf(Locale.ROOT, "  threshold %.4f (Youden's J %.3f, sensitivity %.3f, specificity %.3f)%n",
        fit.threshold().threshold(), fit.threshold().youdenJ(), fit.threshold().sensitivity(),
        fit.threshold().specificity());
    heldOut.ifPresent(evaluation -> {
      System.out.printf(Locale.ROOT, "held out: %d cases, %d responders%n", evaluation.cases(), evaluation.positives());
      System.out.printf(Locale.ROOT, "  AUC imaging  %s%n", format(evaluation.imagingAuc()));
      System.out.printf(Locale.ROOT, "  AUC clinical %s%n", format(evaluation.clinicalAuc()));
      System.out.printf(Locale.ROOT, "  AUC ensemble %s, sensitivity %.3f, specificity %.3f%n",
          format(evaluation.ensembleAuc()), evaluation.sensitivity(), evaluation.specificity());
    });
    System.out.printf("wrote %s and %s to %s%n", PARAMETERS_FILE, CARD_FILE, out);
  }

  private static String format(Auc.Estimate estimate) {
    return String.format(Locale.ROOT, "%.3f (95%% CI %.3f-%.3f)", estimate.auc(), estimate.lower(), estimate.upper());
  }
}
