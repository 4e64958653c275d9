package org.pd1response.contracts.events;

import java.time.Instant;

/**
 * One case's image, stored in canonical form (8-bit grey or RGB PNG) in the derived bucket, with
 * its ROI mask (single-channel 0/255 PNG) when one exists.
 *
 * @param frameNumber DICOM frame number (1-based) of the chosen frame; 1 for single-frame images
 * @param label ground-truth label of a research image (1 = positive class), null when unknown
 */
public record ImageIngested(
    int schemaVersion,
    String caseId,
    int revision,
    CaseSource source,
    String imageKey,
    String maskKey,
    String originalKey,
    RoiSource roiSource,
    int frameNumber,
    int width,
    int height,
    int channels,
    AcquisitionMetadata acquisition,
    String cohort,
    Integer label,
    Instant ingestedAt) {

  /** Path a case came in by. */
  public enum CaseSource {
    PACS,
    RESEARCH
  }

  /** How the lesion's region of interest was obtained. */
  public enum RoiSource {
    /** A DICOM Segmentation object in the same study. */
    DICOM_SEG,
    /** A mask file submitted with a research image. */
    MASK_FILE,
    /** No ROI: the whole image is scored. */
    NONE
  }
}
