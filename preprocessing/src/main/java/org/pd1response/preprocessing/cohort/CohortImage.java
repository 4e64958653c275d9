package org.pd1response.preprocessing.cohort;

import java.nio.file.Path;
import java.util.List;

/**
 * One image of a research cohort as listed by its source, before any processing.
 *
 * @param imageId id within the cohort: the image path relative to the input root, without extension
 * @param sourceFile image path relative to the input root, as written to the manifest
 * @param maskSourceFiles mask paths relative to the input root, as written to the manifest
 * @param label 1 for the positive class, 0 for the negative class, null when unknown
 */
public record CohortImage(String imageId, Path imageFile, List<Path> maskFiles, String sourceFile,
    List<String> maskSourceFiles, Integer label) {

  public CohortImage {
    maskFiles = List.copyOf(maskFiles);
    maskSourceFiles = List.copyOf(maskSourceFiles);
    if (label != null && label != 0 && label != 1) {
      throw new IllegalArgumentException("label of " + sourceFile + " must be 0, 1 or empty, found " + label);
    }
  }

  /** Builds an entry whose ids and relative paths derive from the input root. */
  static CohortImage of(Path root, Path image, List<Path> masks, Integer label) {
    String source = relative(root, image);
    int dot = source.lastIndexOf('.');
    String imageId = dot > source.lastIndexOf('/') ? source.substring(0, dot) : source;
    return new CohortImage(imageId, image, masks, source, masks.stream().map(mask -> relative(root, mask)).toList(),
        label);
  }

  private static String relative(Path root, Path file) {
    return root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
        .replace('\\', '/');
  }
}
