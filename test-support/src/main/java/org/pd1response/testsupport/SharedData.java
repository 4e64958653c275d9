package org.pd1response.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Location of the real public data sets (BUSI, DICOM files, UCI HCC records). Read from the
 * system property {@code pipeline.data.dir} or the environment variable {@code PIPELINE_DATA_DIR};
 * tests that need the data are skipped with a message when neither is set. CI sets it and fails
 * when the folder is missing.
 */
public final class SharedData {

  public static final String PROPERTY = "pipeline.data.dir";
  public static final String ENVIRONMENT = "PIPELINE_DATA_DIR";

  private SharedData() {}

  /** The configured data folder, when one is set. */
  public static Optional<Path> directory() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      value = System.getenv(ENVIRONMENT);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(value));
  }

  /**
   * Returns the data folder, skipping the calling test when no folder is configured and failing it
   * when the configured folder does not exist.
   */
  public static Path require() {
    Optional<Path> directory = directory();
    Assumptions.assumeTrue(directory.isPresent(),
        "real data sets not configured: set " + ENVIRONMENT + "=/path/to/shared/data (or -D" + PROPERTY + ") to run this test");
    Path path = directory.get();
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(ENVIRONMENT + " points to " + path + ", which is not a directory");
    }
    return path;
  }
}
