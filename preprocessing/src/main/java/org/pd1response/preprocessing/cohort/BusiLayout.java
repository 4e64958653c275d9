package org.pd1response.preprocessing.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists a folder in the layout of the BUSI breast ultrasound set:
 * {@code {benign,malignant,normal}/images/<class> (<n>).png} with masks
 * {@code {class}/masks/<class> (<n>)_mask.png}, further lesions of the same image in
 * {@code _mask_1.png}, {@code _mask_2.png}.
 */
public final class BusiLayout {

  private static final Pattern MASK_NAME = Pattern.compile("(.+)_mask(?:_(\\d+))?\\.png");

  private BusiLayout() {}

  /**
   * Lists the images of the classes the task uses, sorted by path, each with its masks.
   *
   * @throws IOException when a class folder cannot be read
   * @throws IllegalArgumentException when a class folder is missing
   */
  public static List<CohortImage> scan(Path root, BusiTask task) throws IOException {
    List<CohortImage> images = new ArrayList<>();
    addClass(images, root, "malignant", 1);
    addClass(images, root, "benign", 0);
    if (task == BusiTask.MALIGNANT_VS_REST) {
      addClass(images, root, "normal", 0);
    }
    images.sort(Comparator.comparing(CohortImage::sourceFile));
    return images;
  }

  private static void addClass(List<CohortImage> images, Path root, String className, int label) throws IOException {
    Path imageDir = root.resolve(className).resolve("images");
    Path maskDir = root.resolve(className).resolve("masks");
    if (!Files.isDirectory(imageDir)) {
      throw new IllegalArgumentException(
          "BUSI layout needs the folder " + imageDir + " (class " + className + "), found none");
    }
    List<Path> masks = Files.isDirectory(maskDir) ? list(maskDir) : List.of();
    for (Path image : list(imageDir)) {
      String name = image.getFileName().toString();
      if (!name.endsWith(".png")) {
        continue;
      }
      String stem = name.substring(0, name.length() - ".png".length());
      List<Path> own = masks.stream().filter(mask -> belongsTo(mask, stem))
          .sorted(Comparator.comparing(BusiLayout::maskIndex)).toList();
      images.add(CohortImage.of(root, image, own, label));
    }
  }

  private static boolean belongsTo(Path mask, String stem) {
    Matcher matcher = MASK_NAME.matcher(mask.getFileName().toString());
    return matcher.matches() && matcher.group(1).equals(stem);
  }

  private static int maskIndex(Path mask) {
    Matcher matcher = MASK_NAME.matcher(mask.getFileName().toString());
    return matcher.matches() && matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) + 1 : 0;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
