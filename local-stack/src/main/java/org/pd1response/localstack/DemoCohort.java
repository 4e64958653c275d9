package org.pd1response.localstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Generates the demo cohort: synthetic ultrasound images with lesion masks and clinical records
 * whose values relate to the label, each modality with its own independent signal. Everything is
 * drawn from one seed, so the cohort, and the demo models trained on it, are reproducible.
 *
 * <p>Layout: {@code images/demo-NNNN.png}, {@code masks/demo-NNNN_mask.png}, {@code cases.csv}
 * (image, mask, label; the preprocessing cohort command's generic listing) and {@code clinical.csv}
 * (image, one column per indicator, label), joined on the image path.
 */
public final class DemoCohort {

  /** Share of responders; the study's cohort had about 80 %, the demo uses a milder imbalance. */
  static final double RESPONDER_SHARE = 0.6;

  /** Clinical indicators written to clinical.csv, named as in the study's clinical schema. */
  static final List<String> CLINICAL_COLUMNS = List.of(
      "age", "sex", "afp", "alt", "ast", "total_bilirubin", "albumin", "platelets", "prothrombin_time",
      "child_pugh_class", "bclc_stage", "ecog", "tumour_size", "tumour_number", "vascular_invasion",
      "extrahepatic_spread");

  /** One generated case. */
  public record DemoCase(String id, Path image, Path mask, int label, List<String> clinicalValues) {}

  private DemoCohort() {}

  /** Writes {@code count} cases under {@code folder} and returns them. */
  public static List<DemoCase> generate(Path folder, int count, long seed) throws IOException {
    Path images = Files.createDirectories(folder.resolve("images"));
    Path masks = Files.createDirectories(folder.resolve("masks"));
    SplittableRandom random = new SplittableRandom(seed);
    List<DemoCase> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = random.nextDouble() < RESPONDER_SHARE ? 1 : 0;
      String id = String.format(Locale.ROOT, "demo-%04d", i);
      SyntheticUltrasound.Sample sample = SyntheticUltrasound.draw(label, random.split());
      Path image = images.resolve(id + ".png");
      Path mask = masks.resolve(id + "_mask.png");
      ImageIO.write(sample.image(), "png", image.toFile());
      ImageIO.write(sample.mask(), "png", mask.toFile());
      cases.add(new DemoCase(id, image, mask, label, clinicalValues(label, random.split())));
    }
    writeListing(folder, cases);
    writeClinical(folder, cases);
    return cases;
  }

  /**
   * Draws one clinical record. Responders have lower AFP, better liver function and earlier stage
   * on average. The distributions overlap, and a few values are left missing as in real extracts.
   */
  static List<String> clinicalValues(int label, SplittableRandom random) {
    double shift = label == 1 ? -0.5 : 0.5;
    List<String> values = new ArrayList<>();
    values.add(format(clamp(58 + 10 * random.nextGaussian(), 25, 88)));
    values.add(random.nextDouble() < 0.8 ? "1" : "0");
    values.add(format(Math.exp(3.5 + 1.6 * shift + 1.2 * random.nextGaussian())));
    values.add(format(clamp(45 + 12 * shift + 18 * random.nextGaussian(), 8, 400)));
    values.add(format(clamp(52 + 14 * shift + 20 * random.nextGaussian(), 10, 500)));
    values.add(format(clamp(17 + 5 * shift + 7 * random.nextGaussian(), 4, 120)));
    values.add(format(clamp(38 - 2.5 * shift + 4 * random.nextGaussian(), 20, 55)));
    values.add(format(clamp(150 - 20 * shift + 55 * random.nextGaussian(), 25, 450)));
    values.add(format(clamp(12.5 + 0.6 * shift + 1.2 * random.nextGaussian(), 9, 25)));
    values.add(random.nextDouble() < 0.75 - 0.15 * shift ? "A" : "B");
    values.add(random.nextDouble() < 0.45 - 0.2 * shift ? "B" : "C");
    values.add(random.nextDouble() < 0.6 - 0.15 * shift ? "0" : "1");
    values.add(format(clamp(6 + 2 * shift + 2.5 * random.nextGaussian(), 1, 20)));
    values.add(Integer.toString(1 + (int) Math.floor(Math.abs(random.nextGaussian()) * (1.5 + shift))));
    values.add(random.nextDouble() < 0.3 + 0.2 * shift ? "1" : "0");
    values.add(random.nextDouble() < 0.2 + 0.15 * shift ? "1" : "0");
    // About 5 % of values are missing, as in hospital extracts.
    for (int i = 0; i < values.size(); i++) {
      if (random.nextDouble() < 0.05) {
        values.set(i, "");
      }
    }
    return values;
  }

  private static void writeListing(Path folder, List<DemoCase> cases) throws IOException {
    try (Writer out = Files.newBufferedWriter(folder.resolve("cases.csv"), StandardCharsets.UTF_8)) {
      out.write("image,mask,label\n");
      for (DemoCase c : cases) {
        out.write("images/" + c.image().getFileName() + ",masks/" + c.mask().getFileName() + "," + c.label() + "\n");
      }
    }
  }

  private static void writeClinical(Path folder, List<DemoCase> cases) throws IOException {
    try (Writer out = Files.newBufferedWriter(folder.resolve("clinical.csv"), StandardCharsets.UTF_8)) {
      out.write("image," + String.join(",", CLINICAL_COLUMNS) + ",label\n");
      for (DemoCase c : cases) {
        out.write("images/" + c.image().getFileName() + "," + String.join(",", c.clinicalValues()) + "," + c.label() + "\n");
      }
    }
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
