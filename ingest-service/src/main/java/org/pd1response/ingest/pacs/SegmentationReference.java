package org.pd1response.ingest.pacs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one Segmentation object refers to: for each of its frames, the segment number and the
 * source image (SOP Instance UID and, for multi-frame images, frame number) from the frame's
 * DerivationImageSequence. A SEG without per-frame references that lists an image in its
 * ReferencedSeriesSequence applies every frame to every frame of that image.
 */
public record SegmentationReference(DicomInstance segmentation, List<FrameReference> frames) {

  /**
   * One SEG frame's source.
   *
   * @param segFrame frame number within the SEG, from 1
   * @param sourceFrame referenced frame of the source image; null when the SEG names none (all frames)
   */
  public record FrameReference(int segFrame, int segment, String sourceSopInstanceUid, Integer sourceFrame) {}

  /** The references of every Segmentation object among the instances. */
  public static List<SegmentationReference> allIn(List<DicomInstance> instances) {
    List<SegmentationReference> references = new ArrayList<>();
    for (DicomInstance instance : instances) {
      if (instance.isSegmentation()) {
        references.add(of(instance));
      }
    }
    return references;
  }

  static SegmentationReference of(DicomInstance seg) {
    List<FrameReference> frames = new ArrayList<>();
    List<DicomInstance> perFrame = seg.sequence(DicomInstance.PER_FRAME_FUNCTIONAL_GROUPS);
    for (int i = 0; i < perFrame.size(); i++) {
      DicomInstance group = perFrame.get(i);
      int segment = group.sequence("0062000A").stream()
          .map(item -> safe(item, "0062000B"))
          .flatMap(Optional::stream)
          .findFirst()
          .orElse(1);
      for (DicomInstance derivation : group.sequence(DicomInstance.DERIVATION_IMAGE)) {
        for (DicomInstance source : derivation.sequence(DicomInstance.SOURCE_IMAGE)) {
          Optional<String> uid = source.text(DicomInstance.REFERENCED_SOP_INSTANCE_UID);
          if (uid.isPresent()) {
            frames.add(new FrameReference(i + 1, segment, uid.get(),
                safe(source, DicomInstance.REFERENCED_FRAME_NUMBER).orElse(null)));
          }
        }
      }
    }
    if (frames.isEmpty()) {
      int segFrames = seg.frames();
      for (DicomInstance series : seg.sequence(DicomInstance.REFERENCED_SERIES)) {
        for (DicomInstance referenced : series.sequence(DicomInstance.REFERENCED_INSTANCE)) {
          Optional<String> uid = referenced.text(DicomInstance.REFERENCED_SOP_INSTANCE_UID);
          for (int frame = 1; uid.isPresent() && frame <= segFrames; frame++) {
            frames.add(new FrameReference(frame, frame, uid.get(), null));
          }
        }
      }
    }
    return new SegmentationReference(seg, List.copyOf(frames));
  }

  /** Whether any frame of this SEG refers to the instance. */
  public boolean references(String sopInstanceUid) {
    return frames.stream().anyMatch(frame -> frame.sourceSopInstanceUid().equals(sopInstanceUid));
  }

  /** Whether any frame of this SEG applies to the given frame of the instance. */
  public boolean covers(String sopInstanceUid, int frameNumber) {
    return !framesFor(sopInstanceUid, frameNumber).isEmpty();
  }

  /** SEG frame numbers that apply to the given frame of the instance. */
  public List<Integer> framesFor(String sopInstanceUid, int frameNumber) {
    return frames.stream()
        .filter(frame -> frame.sourceSopInstanceUid().equals(sopInstanceUid))
        .filter(frame -> frame.sourceFrame() == null || frame.sourceFrame() == frameNumber)
        .map(FrameReference::segFrame)
        .distinct()
        .toList();
  }

  /** Lowest frame of the instance that this SEG names explicitly. */
  public Optional<Integer> firstFrame(String sopInstanceUid) {
    return frames.stream()
        .filter(frame -> frame.sourceSopInstanceUid().equals(sopInstanceUid) && frame.sourceFrame() != null)
        .map(FrameReference::sourceFrame)
        .min(Integer::compare);
  }

  private static Optional<Integer> safe(DicomInstance item, String tag) {
    try {
      return item.integer(tag);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
