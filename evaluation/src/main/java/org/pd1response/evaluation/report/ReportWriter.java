package org.pd1response.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.baseline.BaselineVariable;
import org.pd1response.evaluation.metrics.AucComparison;
import org.pd1response.evaluation.metrics.Calibration;
import org.pd1response.evaluation.metrics.ConfusionMatrix;
import org.pd1response.evaluation.metrics.GroupPerformance;
import org.pd1response.evaluation.metrics.ModelPerformance;
import org.pd1response.evaluation.metrics.ReliabilityBin;
import org.pd1response.evaluation.metrics.RocAnalysis;
import org.pd1response.evaluation.predictions.CsvTable;

/**
 * Writes a report folder: {@code report.html} (self-contained, figures inlined as PNG data URIs),
 * {@code report.json}, {@code performance.csv}, {@code auc-comparisons.csv}, {@code baseline.csv}
 * when a baseline table exists, the figures as PNG files under {@code figures/} and the gallery's
 * overlays under {@code gallery/}.
 */
public final class ReportWriter {

  public static final String HTML = "report.html";
  public static final String JSON = "report.json";
  public static final String PERFORMANCE_CSV = "performance.csv";
  public static final String COMPARISONS_CSV = "auc-comparisons.csv";
  public static final String BASELINE_CSV = "baseline.csv";
  public static final String FIGURES = "figures";
  public static final String GALLERY = "gallery";

  static final List<String> PERFORMANCE_COLUMNS = List.of(
      "cohort", "subgroup", "level", "model", "threshold", "n", "positives", "negatives", "prevalence",
      "auc", "auc_ci_lower", "auc_ci_upper", "accuracy", "balanced_accuracy", "sensitivity", "specificity",
      "precision", "f1", "mcc", "brier", "calibration_intercept", "calibration_slope", "tp", "fp", "tn", "fn");

  private ReportWriter() {}

  /** Figure files of one whole cohort, relative to the report folder, keyed by figure name. */
  public static Map<String, String> figureFiles(GroupPerformance group) {
    Map<String, String> files = new LinkedHashMap<>();
    String cohort = slug(group.cohort());
    files.put("roc", FIGURES + "/roc-" + cohort + ".png");
    files.put("calibration", FIGURES + "/calibration-" + cohort + ".png");
    for (ModelPerformance model : group.models()) {
      files.put("confusion:" + model.model(), FIGURES + "/confusion-" + cohort + "-" + slug(model.model()) + ".png");
    }
    return files;
  }

  /** Writes every file of the report into {@code folder}, creating it when needed. */
  public static void write(Path folder, EvaluationReport report) throws IOException {
    Files.createDirectories(folder.resolve(FIGURES));
    Map<String, byte[]> figures = new LinkedHashMap<>();
    for (GroupPerformance group : report.groups()) {
      if (!group.isWholeCohort()) {
        continue;
      }
      Map<String, String> files = figureFiles(group);
      figures.put(files.get("roc"), Plots.png(Plots.roc("ROC curves, " + group.cohort(), group.models())));
      figures.put(files.get("calibration"), Plots.png(Plots.calibration("Calibration, " + group.cohort(), group.models())));
      for (ModelPerformance model : group.models()) {
        figures.put(files.get("confusion:" + model.model()),
            Plots.png(Plots.confusion(model.model() + ", " + group.cohort(), model.confusion())));
      }
    }
    for (Map.Entry<String, byte[]> figure : figures.entrySet()) {
      Files.write(folder.resolve(figure.getKey()), figure.getValue());
    }
    if (!report.gallery().isEmpty()) {
      Files.createDirectories(folder.resolve(GALLERY));
      for (GalleryItem item : report.gallery()) {
        Files.copy(item.overlay(), folder.resolve(GALLERY).resolve(item.caseId() + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    writeCsv(folder.resolve(PERFORMANCE_CSV), PERFORMANCE_COLUMNS, performanceRows(report));
    writeCsv(folder.resolve(COMPARISONS_CSV),
        List.of("cohort", "subgroup", "level", "model_a", "model_b", "n", "auc_a", "auc_b", "difference", "z", "p_value"),
        comparisonRows(report));
    if (report.baseline() != null) {
      writeCsv(folder.resolve(BASELINE_CSV), baselineHeader(report.baseline()), baselineRows(report.baseline()));
    }
    mapper().writeValue(folder.resolve(JSON).toFile(), json(report));
    Files.writeString(folder.resolve(HTML), HtmlReport.render(report, figures), StandardCharsets.UTF_8);
  }

  static List<List<String>> performanceRows(EvaluationReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (GroupPerformance group : report.groups()) {
      for (ModelPerformance model : group.models()) {
        ConfusionMatrix c = model.confusion();
        RocAnalysis roc = model.roc();
        Calibration calibration = model.calibration();
        rows.add(List.of(group.cohort(), text(group.subgroup()), text(group.level()), model.model(), number(model.threshold()),
            Integer.toString(model.cases()), Integer.toString(model.positives()), Integer.toString(model.negatives()),
            number(model.prevalence()), number(roc == null ? Double.NaN : roc.auc()),
            number(roc == null ? Double.NaN : roc.ciLower()), number(roc == null ? Double.NaN : roc.ciUpper()),
            number(c.accuracy()), number(c.balancedAccuracy()), number(c.sensitivity()), number(c.specificity()),
            number(c.precision()), number(c.f1()), number(c.mcc()), number(calibration.brierScore()),
            number(calibration.intercept()), number(calibration.slope()), Integer.toString(c.truePositives()),
            Integer.toString(c.falsePositives()), Integer.toString(c.trueNegatives()), Integer.toString(c.falseNegatives())));
      }
    }
    return rows;
  }

  private static List<List<String>> comparisonRows(EvaluationReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (GroupPerformance group : report.groups()) {
      for (AucComparison comparison : group.comparisons()) {
        rows.add(List.of(group.cohort(), text(group.subgroup()), text(group.level()), comparison.modelA(), comparison.modelB(),
            Integer.toString(comparison.cases()), number(comparison.aucA()), number(comparison.aucB()),
            number(comparison.difference()), number(comparison.z()), number(comparison.pValue())));
      }
    }
    return rows;
  }

  private static List<String> baselineHeader(BaselineTable baseline) {
    List<String> header = new ArrayList<>(List.of("variable", "level", "kind"));
    for (String group : baseline.groups()) {
      header.add(baseline.groupColumn() + "=" + group);
    }
    for (String group : baseline.groups()) {
      header.add("missing " + baseline.groupColumn() + "=" + group);
    }
    header.addAll(List.of("test", "statistic", "p_value", "note"));
    return header;
  }

  private static List<List<String>> baselineRows(BaselineTable baseline) {
    List<List<String>> rows = new ArrayList<>();
    for (BaselineVariable variable : baseline.variables()) {
      String test = variable.test() == null ? "" : variable.test().test();
      String statistic = variable.test() == null ? "" : number(variable.test().statistic());
      String p = variable.test() == null ? "" : number(variable.test().pValue());
      List<String> missing = variable.missing().stream().map(String::valueOf).toList();
      if (variable.kind() == BaselineVariable.Kind.CATEGORICAL) {
        boolean first = true;
        for (BaselineVariable.CategoryCounts category : variable.categories()) {
          List<String> row = new ArrayList<>(List.of(variable.name(), category.level(), variable.kind().name()));
          for (int g = 0; g < category.counts().size(); g++) {
            row.add(String.format(Locale.ROOT, "%d (%.1f%%)", category.counts().get(g), category.percentages().get(g)));
          }
          row.addAll(first ? missing : List.of("", ""));
          row.addAll(first ? List.of(test, statistic, p, variable.note()) : List.of("", "", "", ""));
          rows.add(row);
          first = false;
        }
      } else {
        List<String> row = new ArrayList<>(List.of(variable.name(), "", variable.kind().name()));
        row.addAll(variable.summaries());
        row.addAll(missing);
        row.addAll(List.of(test, statistic, p, variable.note()));
        rows.add(row);
      }
    }
    return rows;
  }

  private static ObjectNode json(EvaluationReport report) {
    ObjectMapper mapper = mapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("title", report.title());
    root.put("source", report.source());
    root.put("createdAt", report.createdAt().toString());
    root.put("confidenceLevel", report.confidenceLevel());
    root.put("positiveRule", "probability >= threshold");

    ArrayNode groups = root.putArray("groups");
    for (GroupPerformance group : report.groups()) {
      ObjectNode node = groups.addObject();
      node.put("cohort", group.cohort());
      node.put("subgroup", group.subgroup());
      node.put("level", group.level());
      node.put("labelledCases", group.labelledCases());
      node.put("positives", group.positives());
      node.put("unlabelledCases", group.unlabelledCases());
      if (group.isWholeCohort()) {
        ObjectNode figures = node.putObject("figures");
        figureFiles(group).forEach(figures::put);
      }
      ArrayNode models = node.putArray("models");
      for (ModelPerformance model : group.models()) {
        models.add(modelJson(mapper, model));
      }
      ArrayNode comparisons = node.putArray("aucComparisons");
      for (AucComparison comparison : group.comparisons()) {
        ObjectNode c = comparisons.addObject();
        c.put("test", "DeLong, paired, two-sided");
        c.put("modelA", comparison.modelA());
        c.put("modelB", comparison.modelB());
        c.put("cases", comparison.cases());
        put(c, "aucA", comparison.aucA());
        put(c, "aucB", comparison.aucB());
        put(c, "difference", comparison.difference());
        put(c, "z", comparison.z());
        put(c, "pValue", comparison.pValue());
      }
    }

    if (report.baseline() != null) {
      root.set("baseline", mapper.valueToTree(report.baseline()));
    }

    ArrayNode gallery = root.putArray("gallery");
    for (GalleryItem item : report.gallery()) {
      ObjectNode node = gallery.addObject();
      node.put("caseId", item.caseId());
      node.put("cohort", item.cohort());
      node.put("model", report.galleryModel());
      node.put("label", item.label());
      node.put("probability", item.probability());
      node.put("outcome", item.outcome());
      node.put("file", GALLERY + "/" + item.caseId() + ".png");
    }
    return root;
  }

  private static ObjectNode modelJson(ObjectMapper mapper, ModelPerformance model) {
    ObjectNode node = mapper.createObjectNode();
    node.put("model", model.model());
    node.put("threshold", model.threshold());
    node.put("cases", model.cases());
    node.put("positives", model.positives());
    node.put("negatives", model.negatives());
    put(node, "prevalence", model.prevalence());
    ObjectNode auc = node.putObject("auc");
    RocAnalysis roc = model.roc();
    put(auc, "value", roc == null ? Double.NaN : roc.auc());
    put(auc, "ciLower", roc == null ? Double.NaN : roc.ciLower());
    put(auc, "ciUpper", roc == null ? Double.NaN : roc.ciUpper());
    put(auc, "variance", roc == null ? Double.NaN : roc.variance());
    auc.put("method", "DeLong");

    ConfusionMatrix c = model.confusion();
    ObjectNode matrix = node.putObject("confusionMatrix");
    matrix.put("tp", c.truePositives());
    matrix.put("fp", c.falsePositives());
    matrix.put("tn", c.trueNegatives());
    matrix.put("fn", c.falseNegatives());
    put(node, "accuracy", c.accuracy());
    put(node, "balancedAccuracy", c.balancedAccuracy());
    put(node, "sensitivity", c.sensitivity());
    put(node, "specificity", c.specificity());
    put(node, "precision", c.precision());
    put(node, "f1", c.f1());
    put(node, "mcc", c.mcc());

    Calibration calibration = model.calibration();
    put(node, "brierScore", calibration.brierScore());
    put(node, "calibrationIntercept", calibration.intercept());
    put(node, "calibrationSlope", calibration.slope());
    ArrayNode bins = node.putArray("reliability");
    for (ReliabilityBin bin : calibration.reliability()) {
      ObjectNode b = bins.addObject();
      b.put("lower", bin.lower());
      b.put("upper", bin.upper());
      b.put("cases", bin.cases());
      b.put("meanPredicted", bin.meanPredicted());
      b.put("observedRate", bin.observedRate());
    }
    return node;
  }

  /** Writes a JSON number, or null for NaN and infinities, which JSON cannot carry. */
  private static void put(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private static void writeCsv(Path file, List<String> header, List<List<String>> rows) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CsvTable.write(out, header, rows);
    }
  }

  /** Full-precision number, empty for NaN so that spreadsheets read it as missing. */
  static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /** File-name-safe form of a cohort or model name. */
  static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    return slug.isEmpty() ? "cohort" : slug;
  }
}
