package org.pd1response.preprocessing.cohort;

/** Which BUSI classes a cohort takes and how they map to labels. */
public enum BusiTask {
  /** malignant = 1, benign = 0; normal images (no lesion) are left out. */
  MALIGNANT_VS_BENIGN,
  /** malignant = 1, benign and normal = 0; normal images have empty masks. */
  MALIGNANT_VS_REST
}
