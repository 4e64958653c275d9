package org.pd1response.evaluation.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.pd1response.contracts.CaseIds;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.ModelColumn;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;

/**
 * Generates a synthetic demo cohort, so that the report, its tests and the reference values need no
 * patient data. The cohort has predictions of three models for an internal and an external cohort
 * with a treatment-regimen subgroup, baseline variables, and drawn Grad-CAM-style overlays for some
 * cases. Every value comes from one seeded generator, and nothing is read from real data.
 *
 * <p>The models imitate the study's situation on an imbalanced cohort (about 75 % responders): the
 * "cnn" model has a useful ranking but calls almost every case a responder at threshold 0.5, the
 * "clinical-lr" model ranks worse but is better calibrated, and "ensemble" is their average
 * (soft voting with equal weights). About 2 % of cases lack a cnn probability and about 1 % lack
 * a label, so that the evaluation's handling of both is exercised.
 */
public final class DemoCohort {

  public static final String PREDICTIONS = "predictions.csv";
  public static final String BASELINE = "baseline.csv";
  public static final String OVERLAYS = "overlays";

  /** Public pseudonymisation key of the demo: the demo has no patients to protect. */
  private static final String DEMO_KEY = "demo-cohort-key-public-no-patients-behind-it";

  private static final List<String> REGIMENS = List.of("PD-1+TKI", "PD-1+TACE", "PD-1 alone");
  private static final double[] REGIMEN_SHARES = {0.5, 0.3, 0.2};
  private static final int OVERLAY_SIZE = 224;

  /**
   * Thresholds near the responder rate, as a team would choose after looking at the training
   * cohort. The cnn keeps 0.5 to show how that default misleads on an imbalanced cohort.
   */
  private static final double CLINICAL_THRESHOLD = 0.72;
  private static final double ENSEMBLE_THRESHOLD = 0.75;

  /**
   * Shape of one synthetic cohort.
   *
   * @param signal separation of the latent scores of responders and non-responders, per model
   */
  record CohortSpec(String name, int cases, double prevalence, double cnnSignal, double clinicalSignal) {}

  static final List<CohortSpec> COHORTS = List.of(
      new CohortSpec("internal", 300, 0.75, 0.85, 0.6),
      new CohortSpec("external", 150, 0.70, 0.6, 0.5));

  /** Paths of the generated files. */
  public record GeneratedFiles(Path predictions, Path baseline, Path overlays) {}

  private DemoCohort() {}

  /** Writes predictions.csv, baseline.csv and {@code overlayCount} overlays into {@code folder}. */
  public static GeneratedFiles generate(Path folder, long seed, int overlayCount) throws IOException {
    Random random = new Random(seed);
    CaseIds ids = CaseIds.withKey(DEMO_KEY);
    List<PredictionRow> rows = new ArrayList<>();
    List<List<String>> baseline = new ArrayList<>();
    for (CohortSpec cohort : COHORTS) {
      for (int i = 1; i <= cohort.cases(); i++) {
        String caseId = ids.forResearchImage("demo-" + cohort.name(), String.format(Locale.ROOT, "case-%04d", i));
        int label = random.nextDouble() < cohort.prevalence() ? 1 : 0;
        String regimen = pick(random, REGIMENS, REGIMEN_SHARES);
        double cnnScore = random.nextGaussian() + cohort.cnnSignal() * label;
        double clinicalScore = random.nextGaussian() + cohort.clinicalSignal() * label;
        double cnn = probability(1.6 + 0.7 * cnnScore);
        double clinical = probability(logit(cohort.prevalence()) + 0.6 * (clinicalScore - cohort.clinicalSignal() * cohort.prevalence()));
        Map<String, Double> probabilities = new LinkedHashMap<>();
        boolean imageMissing = random.nextDouble() < 0.02;
        if (!imageMissing) {
          probabilities.put("cnn", cnn);
        }
        probabilities.put("clinical-lr", clinical);
        probabilities.put("ensemble", imageMissing ? clinical : round(0.5 * cnn + 0.5 * clinical));
        Integer observed = random.nextDouble() < 0.01 ? null : label;

        rows.add(new PredictionRow(caseId, cohort.name(), observed, Map.of("regimen", regimen), probabilities));
        baseline.add(baselineRow(random, caseId, cohort.name(), label, regimen));
      }
    }

    Files.createDirectories(folder);
    Path predictions = folder.resolve(PREDICTIONS);
    PredictionsCsv.write(predictions, new PredictionTable(
        List.of(new ModelColumn("cnn", 0.5), new ModelColumn("clinical-lr", CLINICAL_THRESHOLD), new ModelColumn("ensemble", ENSEMBLE_THRESHOLD)),
        List.of("regimen"), rows));
    Path baselineFile = folder.resolve(BASELINE);
    try (Writer out = Files.newBufferedWriter(baselineFile, StandardCharsets.UTF_8)) {
      CsvTable.write(out, List.of("case_id", "cohort", "response", "age", "sex", "afp_ng_ml", "albumin_g_l", "child_pugh",
          "bclc", "ecog", "hepatitis_c", "regimen"), baseline);
    }

    Path overlays = folder.resolve(OVERLAYS);
    Files.createDirectories(overlays);
    for (int k = 0; k < Math.min(overlayCount, rows.size()); k++) {
      PredictionRow row = rows.get(random.nextInt(rows.size()));
      Double cnn = row.probabilities().get("cnn");
      ImageIO.write(overlay(random, cnn == null ? 0.5 : cnn), "png", overlays.resolve(row.caseId() + ".png").toFile());
    }
    return new GeneratedFiles(predictions, baselineFile, overlays);
  }

  /**
   * Draws one row of baseline variables. Responders get somewhat lower AFP, higher albumin and more
   * Child-Pugh A, so that some tests find a difference. AFP is log-normal and therefore skewed.
   */
  private static List<String> baselineRow(Random random, String caseId, String cohort, int label, String regimen) {
    long age = Math.round(56 + 10 * random.nextGaussian());
    String sex = random.nextDouble() < 0.82 ? "M" : "F";
    double afp = Math.exp(5.3 - 0.5 * label + 1.4 * random.nextGaussian());
    double albumin = 37 + 1.5 * label + 4.5 * random.nextGaussian();
    String childPugh = random.nextDouble() < (label == 1 ? 0.88 : 0.75) ? "A" : "B";
    String bclc = random.nextDouble() < 0.35 ? "B" : "C";
    String ecog = random.nextDouble() < 0.6 ? "0" : "1";
    String hepatitisC = random.nextDouble() < (label == 1 ? 0.02 : 0.06) ? "yes" : "no";
    String albuminText = random.nextDouble() < 0.03 ? "" : String.format(Locale.ROOT, "%.1f", albumin);
    return List.of(caseId, cohort, label == 1 ? "responder" : "non-responder", Long.toString(age), sex,
        String.format(Locale.ROOT, "%.1f", afp), albuminText, childPugh, bclc, ecog, hepatitisC, regimen);
  }

  /**
   * Draws a plainly synthetic B-mode-like picture (coarse grey speckle with a dark elliptical
   * "lesion") with a jet-coloured heat map over the lesion whose strength follows the probability.
   */
  static BufferedImage overlay(Random random, double probability) {
    int size = OVERLAY_SIZE;
    int coarse = 28;
    double[][] texture = new double[coarse + 1][coarse + 1];
    for (double[] line : texture) {
      for (int x = 0; x < line.length; x++) {
        line[x] = 0.35 + 0.25 * random.nextDouble();
      }
    }
    double cx = size * (0.35 + 0.3 * random.nextDouble());
    double cy = size * (0.35 + 0.3 * random.nextDouble());
    double rx = size * (0.08 + 0.07 * random.nextDouble());
    double ry = size * (0.06 + 0.06 * random.nextDouble());
    double spread = 1.6 * Math.max(rx, ry);

    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        // Blocks of 8 x 8 pixels read as coarse speckle and keep the PNG small.
        double grey = texture[y * coarse / size][x * coarse / size];
        double inside = ((x - cx) * (x - cx)) / (rx * rx) + ((y - cy) * (y - cy)) / (ry * ry);
        if (inside <= 1) {
          grey *= 0.45;
        }
        double heat = probability * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * spread * spread));
        double[] colour = jet(heat);
        double alpha = 0.45 * Math.min(1, heat * 2);
        int r = channel(grey * (1 - alpha) + colour[0] * alpha);
        int g = channel(grey * (1 - alpha) + colour[1] * alpha);
        int b = channel(grey * (1 - alpha) + colour[2] * alpha);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  /** Maps a value in [0, 1] to the jet colour map: blue at 0, through cyan and yellow, to red at 1. */
  static double[] jet(double value) {
    double v = Math.max(0, Math.min(1, value));
    double r = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 3)));
    double g = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 2)));
    double b = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 1)));
    return new double[] {r, g, b};
  }

  private static int channel(double value) {
    return (int) Math.round(255 * Math.max(0, Math.min(1, value)));
  }

  private static String pick(Random random, List<String> levels, double[] shares) {
    double draw = random.nextDouble();
    double cumulative = 0;
    for (int i = 0; i < levels.size(); i++) {
      cumulative += shares[i];
      if (draw < cumulative) {
        return levels.get(i);
      }
    }
    return levels.get(levels.size() - 1);
  }

  /** Probability rounded to three decimals, which creates ties, and kept within [0.001, 0.999]. */
  private static double probability(double logit) {
    return round(Math.max(0.001, Math.min(0.999, 1 / (1 + Math.exp(-logit)))));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
