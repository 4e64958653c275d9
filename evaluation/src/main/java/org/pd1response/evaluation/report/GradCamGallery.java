package org.pd1response.evaluation.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.pd1response.evaluation.predictions.ModelColumn;
import org.pd1response.evaluation.predictions.PredictionRow;
import org.pd1response.evaluation.predictions.PredictionTable;

/**
 * Picks a sample of cases whose Grad-CAM overlay exists ({@code <case_id>.png} in the overlay
 * folder) for the report. The sample is spread over the four outcomes of the gallery model (true
 * and false positives and negatives), because the maps of wrong predictions are as instructive as
 * those of right ones. A seeded shuffle makes the choice repeatable.
 *
 * <p>NOTE: {@code collect} does not download the overlays the imaging service stores under each
 * imaging score's {@code overlayKey}. Copy them into one folder, named {@code <caseId>.png} or
 * {@code <caseId>-r<revision>.png} as {@code ./pipeline demo} writes them, before evaluating.
 */
public final class GradCamGallery {

  private static final List<String> OUTCOMES = List.of("TP", "FN", "FP", "TN");

  private GradCamGallery() {}

  /**
   * Returns the overlay file of a case: {@code <caseId>.png}, or else the highest revision of
   * {@code <caseId>-r<revision>.png} as {@code ./pipeline demo} names them, or null when neither exists.
   */
  static Path overlayOf(Path overlays, String caseId) throws IOException {
    Path plain = overlays.resolve(caseId + ".png");
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Pattern revisioned = Pattern.compile(Pattern.quote(caseId) + "-r(\\d+)\\.png");
    Path best = null;
    int bestRevision = -1;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(overlays, caseId + "-r*.png")) {
      for (Path file : files) {
        Matcher matcher = revisioned.matcher(file.getFileName().toString());
        if (matcher.matches() && Integer.parseInt(matcher.group(1)) > bestRevision) {
          bestRevision = Integer.parseInt(matcher.group(1));
          best = file;
        }
      }
    }
    return best;
  }

  /**
   * Selects up to {@code size} overlays.
   *
   * @throws IllegalArgumentException when a chosen overlay is not a readable PNG image
   */
  public static List<GalleryItem> select(PredictionTable table, Path overlays, String modelName, int size, long seed)
      throws IOException {
    ModelColumn model = table.model(modelName);
    Map<String, List<GalleryItem>> byOutcome = new LinkedHashMap<>();
    OUTCOMES.forEach(outcome -> byOutcome.put(outcome, new ArrayList<>()));
    for (PredictionRow row : table.rows()) {
      Double probability = row.probabilities().get(model.name());
      Path overlay = overlayOf(overlays, row.caseId());
      if (row.label() == null || probability == null || overlay == null) {
        continue;
      }
      boolean predicted = probability >= model.threshold();
      String outcome;
      if (row.label() == 1) {
        outcome = predicted ? "TP" : "FN";
      } else {
        outcome = predicted ? "FP" : "TN";
      }
      byOutcome.get(outcome).add(new GalleryItem(row.caseId(), row.cohort(), row.label(), probability, outcome, overlay));
    }
    Random random = new Random(seed);
    byOutcome.values().forEach(items -> Collections.shuffle(items, random));
    List<GalleryItem> chosen = new ArrayList<>();
    boolean added = true;
    while (chosen.size() < size && added) {
      added = false;
      for (List<GalleryItem> items : byOutcome.values()) {
        if (!items.isEmpty() && chosen.size() < size) {
          chosen.add(items.remove(0));
          added = true;
        }
      }
    }
    for (GalleryItem item : chosen) {
      BufferedImage image = ImageIO.read(item.overlay().toFile());
      if (image == null) {
        throw new IllegalArgumentException("Grad-CAM overlay " + item.overlay() + " must be a PNG image, found unreadable content");
      }
    }
    return chosen;
  }
}
