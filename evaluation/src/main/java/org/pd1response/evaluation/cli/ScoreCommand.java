package org.pd1response.evaluation.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.pd1response.contracts.events.ModelPublished.ModelKind;
import org.pd1response.contracts.events.Prediction.TimeoutAction;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.ModelColumn;
import org.pd1response.evaluation.predictions.PredictionsCsv;
import org.pd1response.evaluation.scoring.CaseFailure;
import org.pd1response.evaluation.scoring.CaseReader;
import org.pd1response.evaluation.scoring.ClinicalScorer;
import org.pd1response.evaluation.scoring.CohortScorer;
import org.pd1response.evaluation.scoring.EnsembleScorer;
import org.pd1response.evaluation.scoring.ImagingScorer;
import org.pd1response.evaluation.scoring.InvalidInputException;
import org.pd1response.evaluation.scoring.LocalModels;
import org.pd1response.evaluation.scoring.ScoringCase;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.cohort.BusiTask;
import org.pd1response.storage.RegisteredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a whole cohort through the imaging, clinical and ensemble models in this process, with the
 * libraries the services use, and writes a predictions file in the same format as {@code collect}.
 * No Kafka broker or object store is needed: models come from local folders and are checked
 * against their cards' SHA-256.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score a cohort in this process with the services' libraries and local model folders, and write a predictions file.",
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {"0:every case was scored by every model that applies to it",
        "1:invalid cases file, option or model folder; nothing was written",
        "2:invalid command line",
        "4:the predictions file was written, but some cases failed for some model (see --failures)"})
final class ScoreCommand implements Callable<Integer> {

  /** Exit status when the predictions file was written but some cases failed for some model. */
  static final int SOME_CASES_FAILED = 4;
  /** Environment variable with the key that derives case ids, as the ingest service uses it. */
  static final String KEY_VARIABLE = "PIPELINE_PSEUDONYMISATION_KEY";

  @Spec
  CommandSpec spec;

  /** Source of environment variables; tests replace it because a JVM cannot set its own environment. */
  UnaryOperator<String> environment = System::getenv;

  @Option(names = "--cases", required = true,
      description = "Cases CSV (case_id or --record-id-column, label, optional cohort, subgroup, source_file and mask_files columns; a cohort manifest works as is), or a folder in the BUSI layout.")
  Path cases;

  @Option(names = "--root", description = "Folder that source_file and mask_files are relative to (default: the folder of the cases CSV).")
  Path root;

  @Option(names = "--cohort", description = "Cohort name of every case when the cases file has no cohort column (default for a BUSI folder: busi).")
  String cohort;

  @Option(names = "--subgroups", split = ",", description = "Columns of the cases CSV to carry over as subgroups.")
  List<String> subgroups = List.of();

  @Option(names = "--label-column", defaultValue = "label", description = "Column with the outcome, 1, 0 or empty (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--record-id-column",
      description = "Column to derive case ids from, with the cohort and the key in " + KEY_VARIABLE + ", when the cases CSV has no case_id.")
  String recordIdColumn;

  @Option(names = "--busi-task", defaultValue = "MALIGNANT_VS_REST",
      description = "Classes and labels of a BUSI folder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  BusiTask busiTask;

  @Option(names = "--clinical", description = "Clinical CSV, one record per case, joined on --clinical-key; may be the cases CSV itself.")
  Path clinical;

  @Option(names = "--clinical-key", defaultValue = "case_id", description = "Column of the clinical CSV that identifies the case (default: ${DEFAULT-VALUE}).")
  String clinicalKey;

  @Option(names = "--cases-key", description = "Column of the cases CSV that matches --clinical-key (default: the same name).")
  String casesKey;

  @Option(names = "--clinical-ignore", split = ",", description = "Columns of the clinical CSV that are not indicators, such as an outcome column.")
  List<String> clinicalIgnore = List.of();

  @Option(names = "--clinical-schema", description = "Clinical schema of the raw records: uci-hcc or hcc-pd1-baseline (default: the clinical model's schema).")
  String clinicalSchema;

  @Option(names = "--imaging-model", description = "Imaging model folder: card.json (or model-card.json) and the ONNX file it names.")
  Path imagingModel;

  @Option(names = "--clinical-model",
      description = "Clinical model folder: card and model JSON. Repeat it to score several; the columns are then named after the cards.")
  List<Path> clinicalModels = List.of();

  @Option(names = "--ensemble-model", description = "Ensemble model folder: card and parameters JSON; needs an imaging and a clinical model it accepts.")
  Path ensembleModel;

  @Option(names = "--on-missing-modality", defaultValue = "SINGLE_MODALITY",
      description = "Ensemble decision for a case with one score: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, as ensemble-service).")
  TimeoutAction onMissingModality;

  @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads inside one operator; 0 lets ONNX Runtime choose (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--batch-size", defaultValue = "16", description = "Images per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--failures", description = "CSV file for the cases that a model could not score (case_id,model,code,message).")
  Path failuresFile;

  @Option(names = "--out", required = true, description = "Predictions file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<ScoringCase> cohortCases = CaseReader.read(cases, readerOptions());
    List<ClinicalScorer> clinicalScorers = clinicalScorers();
    EnsembleScorer ensemble = ensembleModel == null
        ? null : new EnsembleScorer(LocalModels.load(ensembleModel, ModelKind.ENSEMBLE), onMissingModality);
    ImagingScorer imaging = imagingModel == null ? null : new ImagingScorer(
        LocalModels.load(imagingModel, ModelKind.IMAGING), ImageLimits.DEFAULT, threads, batchSize);
    CohortScorer.Result result;
    try {
      result = new CohortScorer(imaging, clinicalScorers, ensemble).score(cohortCases, subgroups);
    } finally {
      if (imaging != null) {
        imaging.close();
      }
    }

    PredictionsCsv.write(out, result.table());
    for (CaseFailure failure : result.failures()) {
      spec.commandLine().getErr().printf("case %s: %s model failed with %s: %s%n", failure.caseId(), failure.model(), failure.code(),
          failure.message());
    }
    if (failuresFile != null) {
      writeFailures(failuresFile, result.failures());
    }
    spec.commandLine().getOut().printf("wrote %d cases to %s with columns %s; %d failure(s)%n", result.table().rows().size(), out,
        result.table().models().stream().map(ModelColumn::name).toList(), result.failures().size());
    return result.failures().isEmpty() ? 0 : SOME_CASES_FAILED;
  }

  private CaseReader.Options readerOptions() {
    Path imageRoot = root != null ? root : cases.toAbsolutePath().getParent();
    String cohortName = cohort == null && Files.isDirectory(cases) ? "busi" : cohort;
    return new CaseReader.Options(imageRoot, cohortName, subgroups, labelColumn, recordIdColumn,
        environment.apply(KEY_VARIABLE), clinical, clinicalKey, casesKey == null ? clinicalKey : casesKey, clinicalIgnore,
        busiTask);
  }

  private List<ClinicalScorer> clinicalScorers() throws IOException {
    List<ClinicalScorer> scorers = new ArrayList<>();
    Set<String> columns = new HashSet<>();
    for (Path folder : clinicalModels) {
      RegisteredModel model = LocalModels.load(folder, ModelKind.CLINICAL);
      String column = clinicalModels.size() == 1 ? ClinicalScorer.COLUMN : model.name();
      if (!ModelColumn.NAME.matcher(column).matches() || !columns.add(column)
          || column.equals(ImagingScorer.COLUMN) || column.equals(EnsembleScorer.COLUMN)) {
        throw new InvalidInputException("clinical models scored together need distinct card names matching "
            + ModelColumn.NAME.pattern() + " other than imaging and ensemble, found '" + column + "' in " + folder);
      }
      scorers.add(new ClinicalScorer(model, clinicalSchema, column));
    }
    if (clinical != null && scorers.isEmpty()) {
      throw new InvalidInputException("--clinical needs --clinical-model to score the records, found none");
    }
    return scorers;
  }

  private static void writeFailures(Path file, List<CaseFailure> failures) throws IOException {
    List<List<String>> rows = failures.stream()
        .map(failure -> List.of(failure.caseId(), failure.model(), failure.code(), failure.message()))
        .toList();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CsvTable.write(writer, List.of("case_id", "model", "code", "message"), rows);
    }
  }
}
