package org.pd1response.preprocessing.cohort;

/** Partition of a cohort; the manifest writes the lower-case name. */
public enum Split {
  TRAIN("train"),
  VALIDATION("validation"),
  TEST("test");

  private final String manifestName;

  Split(String manifestName) {
    this.manifestName = manifestName;
  }

  public String manifestName() {
    return manifestName;
  }
}
