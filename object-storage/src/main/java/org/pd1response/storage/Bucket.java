package org.pd1response.storage;

/** The two buckets: identifiable originals apart from de-identified derived data. */
public enum Bucket {
  /** Originals as received; may carry patient identifiers, so access is restricted to ingest. */
  ORIGINALS,
  /** Everything derived and de-identified: canonical images, masks, tensors, heat maps, models. */
  DERIVED
}
