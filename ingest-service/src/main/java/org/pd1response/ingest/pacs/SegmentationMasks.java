package org.pd1response.ingest.pacs;

import java.util.List;
import java.util.Optional;
import org.pd1response.ingest.imaging.BinaryMask;
import org.pd1response.runtime.RejectedEventException;

/**
 * Builds the ROI mask of the chosen frame from the Segmentation objects that reference it. Each
 * SEG's pixel data is read unchanged through its bulk data URI; BINARY SEGs are 1 bit per pixel
 * packed without padding between frames (PS3.5 8.1.1, least significant bit first), FRACTIONAL
 * SEGs 8 bits per pixel, where a pixel above half of MaximumFractionalValue counts as lesion. Every
 * SEG frame that applies to the chosen frame is merged by OR. A SEG whose frame size differs from
 * the image is rejected, never resized.
 */
public final class SegmentationMasks {

  private SegmentationMasks() {}

  /**
   * Returns the merged mask.
   *
   * @throws RejectedEventException {@code SEG_SIZE_MISMATCH} or {@code INVALID_SEGMENTATION}
   */
  public static BinaryMask build(ImageSelector.Selection selection, DicomWebClient pacs) {
    BinaryMask mask = BinaryMask.empty(selection.columns(), selection.rows());
    String imageUid = selection.image().sopInstanceUid();
    for (SegmentationReference reference : selection.segmentations()) {
      DicomInstance seg = reference.segmentation();
      int rows = required(seg, DicomInstance.ROWS, "Rows");
      int columns = required(seg, DicomInstance.COLUMNS, "Columns");
      if (rows != selection.rows() || columns != selection.columns()) {
        throw new RejectedEventException("SEG_SIZE_MISMATCH", "Segmentation " + seg.sopInstanceUid() + " frames must be "
            + selection.columns() + " x " + selection.rows() + " pixels like the image, found " + columns + " x " + rows);
      }
      int frames = seg.frames();
      int bitsAllocated = required(seg, DicomInstance.BITS_ALLOCATED, "BitsAllocated");
      String uri = seg.bulkDataUri(DicomInstance.PIXEL_DATA).orElseThrow(() -> new RejectedEventException(
          "INVALID_SEGMENTATION", "Segmentation " + seg.sopInstanceUid() + " must have pixel data, found none"));
      byte[] pixels = pacs.bulkData(uri);
      long pixelsPerFrame = (long) rows * columns;
      long expectedBytes = bitsAllocated == 1 ? (pixelsPerFrame * frames + 7) / 8 : pixelsPerFrame * frames;
      if (bitsAllocated != 1 && bitsAllocated != 8) {
        throw new RejectedEventException("INVALID_SEGMENTATION", "Segmentation " + seg.sopInstanceUid()
            + " BitsAllocated must be 1 (BINARY) or 8 (FRACTIONAL), found " + bitsAllocated);
      }
      if (pixels.length < expectedBytes) {
        throw new RejectedEventException("INVALID_SEGMENTATION", "Segmentation " + seg.sopInstanceUid()
            + " pixel data must hold " + expectedBytes + " bytes for " + frames + " uncompressed frames of " + columns
            + " x " + rows + ", found " + pixels.length + " (compressed SEGs are not supported)");
      }
      int threshold = seg.integer(DicomInstance.MAXIMUM_FRACTIONAL_VALUE).orElse(255) / 2;
      for (int segFrame : reference.framesFor(imageUid, selection.frameNumber())) {
        if (segFrame > frames) {
          throw new RejectedEventException("INVALID_SEGMENTATION", "Segmentation " + seg.sopInstanceUid()
              + " references frame " + segFrame + ", but NumberOfFrames is " + frames);
        }
        long first = (segFrame - 1) * pixelsPerFrame;
        for (int i = 0; i < pixelsPerFrame; i++) {
          long index = first + i;
          boolean lesion = bitsAllocated == 1
              ? ((pixels[(int) (index >>> 3)] >> (index & 7)) & 1) == 1
              : (pixels[(int) index] & 0xff) > threshold;
          if (lesion) {
            mask.set(i % columns, i / columns);
          }
        }
      }
    }
    return mask;
  }

  private static int required(DicomInstance seg, String tag, String name) {
    Optional<Integer> value = seg.integer(tag);
    if (value.isEmpty() || value.get() < 1) {
      throw new RejectedEventException("INVALID_SEGMENTATION", "Segmentation " + seg.sopInstanceUid() + " " + name
          + " must be a positive integer, found " + value.map(String::valueOf).orElse("none"));
    }
    return value.get();
  }

  /** Returns the SEG instances that contributed to the mask, whose originals are kept. */
  public static List<DicomInstance> sources(ImageSelector.Selection selection) {
    return selection.segmentations().stream().map(SegmentationReference::segmentation).toList();
  }
}
