package org.pd1response.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root, the folder that contains deploy/ and the root pom.xml. */
public final class Repository {

  private Repository() {}

  /** Walks up from the working directory; Maven runs the tests in the module folder. */
  public static Path root() {
    Path start = Path.of("").toAbsolutePath();
    for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
      if (Files.isDirectory(candidate.resolve("deploy/kubernetes")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("expected a folder with deploy/kubernetes and pom.xml above " + start
        + ", found none");
  }
}
