package org.pd1response.evaluation.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.pd1response.contracts.Topics;
import org.pd1response.evaluation.collect.CaseLabels;
import org.pd1response.evaluation.collect.PredictionCollector;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Collects the pipeline's predictions for a cohort from Kafka into a predictions file. */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = "Read the predictions topic and write the latest prediction of each cohort case to a predictions file.")
final class CollectCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, such as 127.0.0.1:9092.")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = Topics.PREDICTIONS, description = "Topic of the prediction events (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--cases", required = true, description = "CSV file with case_id, label (1, 0 or empty), optional cohort and subgroup columns.")
  Path cases;

  @Option(names = "--cohort", description = "Cohort name of every case when the cases file has no cohort column.")
  String cohort;

  @Option(names = "--subgroups", split = ",", description = "Columns of the cases file to carry over as subgroups.")
  List<String> subgroups = List.of();

  @Option(names = "--imaging-threshold", defaultValue = "0.5", description = "Decision threshold of the imaging probability (default: ${DEFAULT-VALUE}).")
  double imagingThreshold;

  @Option(names = "--clinical-threshold", defaultValue = "0.5", description = "Decision threshold of the clinical probability (default: ${DEFAULT-VALUE}).")
  double clinicalThreshold;

  @Option(names = "--ensemble-threshold", description = "Decision threshold of the ensemble; default: the threshold the predictions carry.")
  Double ensembleThreshold;

  @Option(names = "--timeout", defaultValue = "PT60S", description = "Maximum time to read the topic, ISO-8601 duration (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--out", required = true, description = "Predictions file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    var cohortCases = CaseLabels.read(CsvTable.read(cases), cohort, subgroups);
    var collector = new PredictionCollector(new PredictionCollector.Settings(
        bootstrapServers, topic, imagingThreshold, clinicalThreshold, ensembleThreshold, timeout));
    PredictionCollector.Collection collection = collector.collect(cohortCases, subgroups);
    PredictionsCsv.write(out, collection.table());
    System.out.printf("wrote %d cases to %s (%d records read, %d invalid, %d cases without prediction)%n",
        collection.table().rows().size(), out, collection.recordsRead(), collection.invalidRecords(),
        collection.casesWithoutPrediction());
    return 0;
  }
}
