package org.pd1response.evaluation.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.metrics.GroupPerformance;
import org.pd1response.evaluation.metrics.PerformanceEvaluator;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.PredictionTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;
import org.pd1response.evaluation.report.EvaluationReport;
import org.pd1response.evaluation.report.GalleryItem;
import org.pd1response.evaluation.report.GradCamGallery;
import org.pd1response.evaluation.report.ReportWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates a predictions file and writes the HTML, JSON and CSV report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Compute metrics per model, cohort and subgroup and write report.html, report.json and CSV tables.")
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--predictions", required = true, description = "Predictions file (case_id,cohort,label,subgroup:*,prob:<model>@<threshold>).")
  Path predictions;

  @Option(names = "--out", required = true, description = "Report folder to write.")
  Path out;

  @Option(names = "--title", defaultValue = "Evaluation report", description = "Report title (default: ${DEFAULT-VALUE}).")
  String title;

  @Option(names = "--confidence", defaultValue = "0.95", description = "Confidence level of the AUC intervals (default: ${DEFAULT-VALUE}).")
  double confidence;

  @Option(names = "--bins", defaultValue = "10", description = "Equal-width bins of the reliability curves (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--baseline", description = "CSV file of baseline variables, one row per case, for the baseline table.")
  Path baseline;

  @Mixin
  BaselineOptions baselineOptions = new BaselineOptions();

  @ArgGroup(exclusive = false)
  GalleryOptions gallery;

  /** Options of the Grad-CAM gallery. */
  static final class GalleryOptions {
    @Option(names = "--overlays", required = true, description = "Folder of Grad-CAM overlays named <case_id>.png.")
    Path overlays;

    @Option(names = "--gallery-model", required = true, description = "Model whose outcomes (TP, FP, TN, FN) the gallery samples.")
    String model;

    @Option(names = "--gallery-size", defaultValue = "8", description = "Overlays in the gallery (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the gallery sample (default: ${DEFAULT-VALUE}).")
    long seed;
  }

  @Override
  public Integer call() throws Exception {
    PredictionTable table = PredictionsCsv.read(predictions);
    List<GroupPerformance> groups = new PerformanceEvaluator(confidence, bins).evaluate(table);
    BaselineTable baselineTable = baseline == null ? null : BaselineTable.build(CsvTable.read(baseline), baselineOptions.toOptions());
    List<GalleryItem> items = gallery == null
        ? List.of()
        : GradCamGallery.select(table, gallery.overlays, gallery.model, gallery.size, gallery.seed);
    if (gallery != null && items.size() < gallery.size) {
      System.err.printf("the Grad-CAM gallery holds %d of %d overlays: %s has no <case_id>.png or <case_id>-r<N>.png "
          + "for the other labelled cases that %s scored%n", items.size(), gallery.size, gallery.overlays, gallery.model);
    }
    EvaluationReport report = new EvaluationReport(title, predictions.getFileName().toString(), Instant.now(), confidence,
        groups, baselineTable, gallery == null ? null : gallery.model, items);
    ReportWriter.write(out, report);
    System.out.printf("wrote report for %d cases in %d cohorts to %s%n", table.rows().size(), table.cohorts().size(),
        out.resolve(ReportWriter.HTML));
    return 0;
  }
}
