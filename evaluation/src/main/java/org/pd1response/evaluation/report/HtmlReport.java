package org.pd1response.evaluation.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.baseline.BaselineVariable;
import org.pd1response.evaluation.metrics.AucComparison;
import org.pd1response.evaluation.metrics.ConfusionMatrix;
import org.pd1response.evaluation.metrics.GroupPerformance;
import org.pd1response.evaluation.metrics.ModelPerformance;
import org.pd1response.evaluation.metrics.RocAnalysis;

/**
 * Renders the report as one HTML file with its figures inlined as PNG data URIs, so that it can be
 * mailed or archived as a single file.
 */
final class HtmlReport {

  private static final String STYLE = """
      body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}
      table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.85em}
      th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}
      th{background:#f2f2f2}
      td.text,th.text{text-align:left}
      figure{display:inline-block;margin:0.5em;vertical-align:top}
      figcaption{font-size:0.8em;max-width:240px}
      .gallery img{width:224px;height:224px}
      .note{font-size:0.85em;color:#555}
      """;

  private HtmlReport() {}

  static String render(EvaluationReport report, Map<String, byte[]> figures) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(report.title())).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    html.append("<h1>").append(escape(report.title())).append("</h1>\n");
    html.append("<p class=\"note\">Source: ").append(escape(report.source())).append(". Created ")
        .append(escape(report.createdAt().toString())).append(". A case is predicted a responder when its probability is at ")
        .append("least the model's threshold. AUC intervals: DeLong, ")
        .append(String.format(Locale.ROOT, "%.0f", report.confidenceLevel() * 100))
        .append(" %. Calibration intercept: logistic recalibration with the logit of the probability as offset (0 is ideal); ")
        .append("slope: coefficient of that logit (1 is ideal). MCC is 0 when a row or column of the confusion matrix is empty; ")
        .append("precision and F1 are blank when undefined.</p>\n");
    for (GroupPerformance group : report.groups()) {
      if (group.isWholeCohort()) {
        cohortSection(html, report, group, figures);
      }
    }
    if (report.baseline() != null) {
      baselineSection(html, report.baseline());
    }
    if (!report.gallery().isEmpty()) {
      gallerySection(html, report);
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void cohortSection(StringBuilder html, EvaluationReport report, GroupPerformance cohort, Map<String, byte[]> figures) {
    html.append("<h2>Cohort: ").append(escape(cohort.cohort())).append("</h2>\n");
    html.append(String.format(Locale.ROOT, "<p>%d labelled cases, %d responders (%.1f %%), %d non-responders; %d without label left out.</p>%n",
        cohort.labelledCases(), cohort.positives(), percent(cohort.positives(), cohort.labelledCases()),
        cohort.labelledCases() - cohort.positives(), cohort.unlabelledCases()));
    performanceTable(html, List.of(cohort), false, report.confidenceLevel());

    List<GroupPerformance> subgroups = report.groups().stream()
        .filter(group -> group.cohort().equals(cohort.cohort()) && !group.isWholeCohort()).toList();
    if (!subgroups.isEmpty()) {
      html.append("<h3>Subgroups</h3>\n");
      performanceTable(html, subgroups, true, report.confidenceLevel());
    }
    if (!cohort.comparisons().isEmpty()) {
      html.append("<h3>DeLong test of paired AUCs</h3>\n<table>\n<tr><th class=\"text\">model A</th><th class=\"text\">model B</th>")
          .append("<th>n</th><th>AUC A</th><th>AUC B</th><th>difference</th><th>z</th><th>p</th></tr>\n");
      for (AucComparison c : cohort.comparisons()) {
        html.append("<tr><td class=\"text\">").append(escape(c.modelA())).append("</td><td class=\"text\">").append(escape(c.modelB()))
            .append("</td><td>").append(c.cases()).append("</td><td>").append(f3(c.aucA())).append("</td><td>").append(f3(c.aucB()))
            .append("</td><td>").append(f3(c.difference())).append("</td><td>").append(f3(c.z())).append("</td><td>")
            .append(p(c.pValue())).append("</td></tr>\n");
      }
      html.append("</table>\n");
    }

    Map<String, String> files = ReportWriter.figureFiles(cohort);
    html.append("<div>\n");
    figure(html, figures.get(files.get("roc")), "ROC curves of all models, " + cohort.cohort());
    figure(html, figures.get(files.get("calibration")), "Reliability curves (equal-width bins), " + cohort.cohort());
    html.append("</div>\n<div>\n");
    for (ModelPerformance model : cohort.models()) {
      figure(html, figures.get(files.get("confusion:" + model.model())), "Confusion matrix of " + model.model()
          + " (R responder, NR non-responder)");
    }
    html.append("</div>\n");
  }

  private static void performanceTable(StringBuilder html, List<GroupPerformance> groups, boolean withGroup, double confidence) {
    html.append("<table>\n<tr>");
    if (withGroup) {
      html.append("<th class=\"text\">subgroup</th>");
    }
    html.append("<th class=\"text\">model</th><th>threshold</th><th>n</th><th>responders</th><th>AUC (")
        .append(String.format(Locale.ROOT, "%.0f", confidence * 100)).append(" % CI)</th>")
        .append("<th>accuracy</th><th>balanced accuracy</th><th>sensitivity</th><th>specificity</th><th>precision</th>")
        .append("<th>F1</th><th>MCC</th><th>Brier</th><th>cal. intercept</th><th>cal. slope</th></tr>\n");
    for (GroupPerformance group : groups) {
      for (ModelPerformance model : group.models()) {
        ConfusionMatrix c = model.confusion();
        RocAnalysis roc = model.roc();
        html.append("<tr>");
        if (withGroup) {
          html.append("<td class=\"text\">").append(escape(group.subgroup() + " = " + group.level())).append("</td>");
        }
        html.append("<td class=\"text\">").append(escape(model.model())).append("</td><td>").append(f3(model.threshold()))
            .append("</td><td>").append(model.cases()).append("</td><td>")
            .append(String.format(Locale.ROOT, "%d (%.1f %%)", model.positives(), 100 * model.prevalence())).append("</td><td>")
            .append(roc == null ? "undefined" : f3(roc.auc()) + " (" + f3(roc.ciLower()) + "-" + f3(roc.ciUpper()) + ")")
            .append("</td>");
        for (double value : new double[] {c.accuracy(), c.balancedAccuracy(), c.sensitivity(), c.specificity(), c.precision(),
            c.f1(), c.mcc(), model.calibration().brierScore(), model.calibration().intercept(), model.calibration().slope()}) {
          html.append("<td>").append(f3(value)).append("</td>");
        }
        html.append("</tr>\n");
      }
    }
    html.append("</table>\n");
  }

  private static void baselineSection(StringBuilder html, BaselineTable baseline) {
    html.append("<h2>Baseline characteristics by ").append(escape(baseline.groupColumn())).append("</h2>\n<table>\n<tr>")
        .append("<th class=\"text\">variable</th>");
    for (int g = 0; g < baseline.groups().size(); g++) {
      html.append("<th>").append(escape(baseline.groups().get(g))).append(" (n = ").append(baseline.groupSizes().get(g)).append(")</th>");
    }
    html.append("<th>missing</th><th class=\"text\">test</th><th>p</th><th class=\"text\">note</th></tr>\n");
    for (BaselineVariable variable : baseline.variables()) {
      String test = variable.test() == null ? "" : variable.test().test();
      String pValue = variable.test() == null ? "" : p(variable.test().pValue());
      String missing = variable.missing().get(0) + " / " + variable.missing().get(1);
      if (variable.kind() == BaselineVariable.Kind.CATEGORICAL) {
        html.append("<tr><td class=\"text\">").append(escape(variable.name())).append(", n (%)</td><td></td><td></td><td>")
            .append(missing).append("</td><td class=\"text\">").append(escape(test)).append("</td><td>").append(pValue)
            .append("</td><td class=\"text\">").append(escape(variable.note())).append("</td></tr>\n");
        for (BaselineVariable.CategoryCounts category : variable.categories()) {
          html.append("<tr><td class=\"text\">&nbsp;&nbsp;").append(escape(category.level())).append("</td>");
          for (int g = 0; g < category.counts().size(); g++) {
            html.append("<td>").append(String.format(Locale.ROOT, "%d (%.1f)", category.counts().get(g), category.percentages().get(g)))
                .append("</td>");
          }
          html.append("<td></td><td></td><td></td><td></td></tr>\n");
        }
      } else {
        String form = variable.kind() == BaselineVariable.Kind.NORMAL ? "mean (SD)" : "median [Q1, Q3]";
        html.append("<tr><td class=\"text\">").append(escape(variable.name() + ", " + form)).append("</td>");
        variable.summaries().forEach(summary -> html.append("<td>").append(escape(summary)).append("</td>"));
        html.append("<td>").append(missing).append("</td><td class=\"text\">").append(escape(test)).append("</td><td>")
            .append(pValue).append("</td><td class=\"text\">").append(escape(variable.note())).append("</td></tr>\n");
      }
    }
    html.append("</table>\n");
  }

  private static void gallerySection(StringBuilder html, EvaluationReport report) {
    html.append("<h2>Grad-CAM overlays</h2>\n<p class=\"note\">A sample spread over true and false positives and negatives of ")
        .append(escape(report.galleryModel())).append(". Warm colours mark the regions that raised the responder probability.</p>\n")
        .append("<div class=\"gallery\">\n");
    for (GalleryItem item : report.gallery()) {
      byte[] png;
      try {
        png = Files.readAllBytes(item.overlay());
      } catch (IOException e) {
        throw new UncheckedIOException("reading Grad-CAM overlay " + item.overlay() + " failed", e);
      }
      figure(html, png, String.format(Locale.ROOT, "%s (%s): label %d, p = %.3f, %s", item.caseId().substring(0, Math.min(9, item.caseId().length())),
          item.cohort(), item.label(), item.probability(), item.outcome()));
    }
    html.append("</div>\n");
  }

  private static void figure(StringBuilder html, byte[] png, String caption) {
    html.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(escape(caption))
        .append("</figcaption></figure>\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String f3(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String p(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return value < 0.001 ? "&lt; 0.001" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? Double.NaN : 100.0 * part / whole;
  }
}
