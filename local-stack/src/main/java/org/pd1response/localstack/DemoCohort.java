package org.pd1response.localstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * Reads a cohort that {@link #generate} wrote: {@code cases.csv} for the images, masks and labels,
   * and {@code clinical.csv} for the records, joined on the image path.
   *
   * @throws IOException when a file is missing or a row does not have the expected columns
   */
  public static List<DemoCase> read(Path folder) throws IOException {
    List<String> listing = Files.readAllLines(folder.resolve("cases.csv"), StandardCharsets.UTF_8);
    List<String> clinical = Files.readAllLines(folder.resolve("clinical.csv"), StandardCharsets.UTF_8);
    String expectedClinicalHeader = "image," + String.join(",", CLINICAL_COLUMNS) + ",label";
    if (listing.isEmpty() || !listing.get(0).equals("image,mask,label")) {
      throw new IOException(folder.resolve("cases.csv") + " must start with the header image,mask,label, found "
          + (listing.isEmpty() ? "an empty file" : "'" + listing.get(0) + "'"));
    }
    if (clinical.isEmpty() || !clinical.get(0).equals(expectedClinicalHeader)) {
      throw new IOException(folder.resolve("clinical.csv") + " must start with the header " + expectedClinicalHeader
          + ", found " + (clinical.isEmpty() ? "an empty file" : "'" + clinical.get(0) + "'"));
    }
    Map<String, List<String>> recordsByImage = new HashMap<>();
    for (String line : clinical.subList(1, clinical.size())) {
      List<String> cells = List.of(line.split(",", -1));
      if (cells.size() != CLINICAL_COLUMNS.size() + 2) {
        throw new IOException("clinical.csv row must have " + (CLINICAL_COLUMNS.size() + 2) + " cells, found "
            + cells.size() + ": " + line);
      }
      recordsByImage.put(cells.get(0), cells.subList(1, CLINICAL_COLUMNS.size() + 1));
    }
    List<DemoCase> cases = new ArrayList<>();
    for (String line : listing.subList(1, listing.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length != 3) {
        throw new IOException("cases.csv row must have 3 cells (image,mask,label), found " + cells.length + ": " + line);
      }
      List<String> record = recordsByImage.get(cells[0]);
      if (record == null) {
        throw new IOException("clinical.csv has no row for image " + cells[0]);
      }
      String id = Path.of(cells[0]).getFileName().toString().replaceFirst("\\.png$", "");
      cases.add(new DemoCase(id, folder.resolve(cells[0]), folder.resolve(cells[1]), Integer.parseInt(cells[2]), record));
    }
    return cases;
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
