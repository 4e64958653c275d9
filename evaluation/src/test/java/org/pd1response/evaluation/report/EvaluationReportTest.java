package org.pd1response.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.evaluation.cli.EvaluationCommand;
import org.pd1response.evaluation.demo.DemoCohort;
import org.pd1response.evaluation.predictions.CsvTable;

/** Runs the evaluate command on the demo cohort and opens every file of the report. */
class EvaluationReportTest {

  static final long SEED = 20261204L;
  static final int GALLERY_SIZE = 8;
  static final List<String> MODELS = List.of("cnn", "clinical-lr", "ensemble");

  @TempDir
  static Path folder;

  static Path report;
  static JsonNode json;

  @BeforeAll
  static void writeReport() throws IOException {
    DemoCohort.GeneratedFiles demo = DemoCohort.generate(folder.resolve("demo"), SEED, 40);
    report = folder.resolve("report");
    int status = EvaluationCommand.commandLine().execute("evaluate", "--predictions", demo.predictions().toString(),
        "--out", report.toString(), "--title", "Demo cohort", "--baseline", demo.baseline().toString(),
        "--group-column", "response", "--overlays", demo.overlays().toString(), "--gallery-model", "cnn",
        "--gallery-size", Integer.toString(GALLERY_SIZE));
    assertEquals(0, status, "exit status of evaluate");
    json = new ObjectMapper().readTree(report.resolve(ReportWriter.JSON).toFile());
  }

  @Test
  void jsonHoldsEveryCohortSubgroupAndModel() {
    // two cohorts, each whole and split into three regimens
    assertEquals(8, json.get("groups").size());
    JsonNode internal = json.get("groups").get(0);
    assertEquals("internal", internal.get("cohort").asText());
    assertTrue(internal.get("subgroup").isNull());
    assertEquals(MODELS.size(), internal.get("models").size());
    assertEquals(3, internal.get("aucComparisons").size(), "one DeLong test per pair of models");
    JsonNode cnn = internal.get("models").get(0);
    assertEquals(cnn.get("positives").asInt() + cnn.get("negatives").asInt(), cnn.get("cases").asInt());
    assertTrue(cnn.get("auc").get("ciLower").asDouble() < cnn.get("auc").get("value").asDouble());
    assertTrue(cnn.get("auc").get("ciUpper").asDouble() > cnn.get("auc").get("value").asDouble());
  }

  @Test
  void performanceCsvMatchesJson() throws IOException {
    CsvTable csv = CsvTable.read(report.resolve(ReportWriter.PERFORMANCE_CSV));

    assertEquals(ReportWriter.PERFORMANCE_COLUMNS, csv.header());
    assertEquals(8 * MODELS.size(), csv.rows().size());
    List<String> first = csv.rows().get(0);
    JsonNode cnn = json.get("groups").get(0).get("models").get(0);
    assertEquals("cnn", first.get(csv.require("model")));
    assertEquals(cnn.get("auc").get("value").asDouble(), Double.parseDouble(first.get(csv.require("auc"))));
    assertEquals(cnn.get("mcc").asDouble(), Double.parseDouble(first.get(csv.require("mcc"))));
  }

  @Test
  void rocPlotDrawsEveryModelAboveChance() throws IOException {
    // given the ROC figure of the internal cohort
    BufferedImage image = ImageIO.read(report.resolve("figures/roc-internal.png").toFile());

    // then it has the documented size
    assertEquals(Plots.CURVE_WIDTH, image.getWidth());
    assertEquals(Plots.CURVE_HEIGHT, image.getHeight());

    // and each model's curve lies in the plot area, mostly above the chance diagonal (AUC > 0.5)
    for (int series = 0; series < MODELS.size(); series++) {
      int[] aboveBelow = pixelsAboveAndBelowDiagonal(image, Plots.PALETTE.get(series));
      assertTrue(aboveBelow[0] > 200, MODELS.get(series) + " curve pixels above the diagonal: " + aboveBelow[0]);
      assertTrue(aboveBelow[0] > 5 * aboveBelow[1], MODELS.get(series) + " above " + aboveBelow[0] + ", below " + aboveBelow[1]);
    }
    assertTrue(countInPlot(image, Plots.REFERENCE_LINE) > 100, "dashed chance diagonal");
  }

  @Test
  void calibrationPlotDrawsEveryModel() throws IOException {
    BufferedImage image = ImageIO.read(report.resolve("figures/calibration-external.png").toFile());

    assertEquals(Plots.CURVE_WIDTH, image.getWidth());
    for (int series = 0; series < MODELS.size(); series++) {
      assertTrue(countInPlot(image, Plots.PALETTE.get(series)) > 50, MODELS.get(series) + " reliability curve");
    }
    assertTrue(countInPlot(image, Plots.REFERENCE_LINE) > 100, "perfect-calibration diagonal");
  }

  @Test
  void confusionMatrixShadesCellsByCount() throws IOException {
    // given the counts of the cnn on the internal cohort
    JsonNode matrix = json.get("groups").get(0).get("models").get(0).get("confusionMatrix");
    int[][] counts = {{matrix.get("tp").asInt(), matrix.get("fn").asInt()}, {matrix.get("fp").asInt(), matrix.get("tn").asInt()}};
    int max = Math.max(Math.max(counts[0][0], counts[0][1]), Math.max(counts[1][0], counts[1][1]));

    // when the figure is opened
    BufferedImage image = ImageIO.read(report.resolve("figures/confusion-internal-cnn.png").toFile());

    // then each cell's corner has the shade of its count relative to the largest cell
    assertEquals(Plots.CONFUSION_SIZE, image.getWidth());
    assertEquals(Plots.CONFUSION_SIZE, image.getHeight());
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        Color expected = Plots.shade(counts[r][c] / (double) max);
        Color found = new Color(image.getRGB(110 + c * 95 + 6, 80 + r * 95 + 6));
        assertEquals(expected, found, "cell " + r + "," + c + " with count " + counts[r][c]);
      }
    }
  }

  @Test
  void galleryHoldsSampledOverlays() throws IOException {
    JsonNode gallery = json.get("gallery");
    assertEquals(GALLERY_SIZE, gallery.size());
    Set<String> cases = new HashSet<>();
    for (JsonNode item : gallery) {
      BufferedImage image = ImageIO.read(report.resolve(item.get("file").asText()).toFile());
      assertNotNull(image, item.get("file").asText());
      assertEquals(224, image.getWidth());
      assertEquals(224, image.getHeight());
      assertTrue(cases.add(item.get("caseId").asText()), "each case once");
      boolean predicted = item.get("probability").asDouble() >= 0.5;
      String expected;
      if (item.get("label").asInt() == 1) {
        expected = predicted ? "TP" : "FN";
      } else {
        expected = predicted ? "FP" : "TN";
      }
      assertEquals(expected, item.get("outcome").asText());
    }
    Set<String> outcomes = new HashSet<>();
    gallery.forEach(item -> outcomes.add(item.get("outcome").asText()));
    assertTrue(outcomes.size() >= 2, "sample spread over outcomes: " + outcomes);
  }

  @Test
  void htmlIsSelfContained() throws IOException {
    String html = Files.readString(report.resolve(ReportWriter.HTML));

    Matcher sources = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (sources.find()) {
      String source = sources.group(1);
      assertTrue(source.startsWith("data:image/png;base64,"), "inline image, found " + source.substring(0, Math.min(40, source.length())));
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(source.substring(22))));
      assertNotNull(image, "inline image " + images + " decodes as PNG");
      images++;
    }
    // per cohort a ROC plot, a calibration plot and three confusion matrices, then the gallery
    assertEquals(2 * (2 + MODELS.size()) + GALLERY_SIZE, images);
    assertFalse(html.contains("href=\"http"), "no external links");
    assertTrue(html.contains("Baseline characteristics by response"));
    assertTrue(html.contains("Mann-Whitney U test"), "AFP is skewed");
  }

  private static int[] pixelsAboveAndBelowDiagonal(BufferedImage image, Color colour) {
    int above = 0;
    int below = 0;
    for (int y = Plots.TOP + 1; y < Plots.TOP + Plots.SIDE; y++) {
      for (int x = Plots.LEFT + 1; x < Plots.LEFT + Plots.SIDE; x++) {
        if (image.getRGB(x, y) == colour.getRGB()) {
          double fpr = (x - Plots.LEFT) / (double) Plots.SIDE;
          double tpr = 1 - (y - Plots.TOP) / (double) Plots.SIDE;
          if (tpr > fpr + 0.02) {
            above++;
          } else if (tpr < fpr - 0.02) {
            below++;
          }
        }
      }
    }
    return new int[] {above, below};
  }

  private static int countInPlot(BufferedImage image, Color colour) {
    int count = 0;
    for (int y = Plots.TOP + 1; y < Plots.TOP + Plots.SIDE; y++) {
      for (int x = Plots.LEFT + 1; x < Plots.LEFT + Plots.SIDE; x++) {
        if (image.getRGB(x, y) == colour.getRGB()) {
          count++;
        }
      }
    }
    return count;
  }
}
