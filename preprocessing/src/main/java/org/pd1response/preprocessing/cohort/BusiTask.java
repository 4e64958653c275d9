package org.pd1response.preprocessing.cohort;

/** Choice of BUSI classes for a cohort and their labels. */
public enum BusiTask {
  /** malignant = 1, benign = 0; normal images (no lesion) are left out. */
  MALIGNANT_VS_BENIGN,
  /** malignant = 1, benign and normal = 0; normal images have empty masks. */
  MALIGNANT_VS_REST
}
