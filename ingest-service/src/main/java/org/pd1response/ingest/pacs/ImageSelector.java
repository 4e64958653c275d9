package org.pd1response.ingest.pacs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.runtime.RejectedEventException;

/**
 * Picks the one image of a study that is scored, and its frame. The rule:
 *
 * <ol>
 *   <li>Candidates are the images (instances with Pixel Data, or with Rows and Columns) that are
 *       not Segmentation objects.
 *   <li>Of those, only instances whose Modality and SOP Class UID are in the configured lists are
 *       usable (by default ultrasound images, ultrasound multi-frame images and secondary
 *       captures).
 *   <li>Usable instances are ordered by: referenced by a Segmentation object first; ImageType
 *       ORIGINAL before DERIVED; PRIMARY before other values; more pixels (Rows x Columns)
 *       first; then SeriesNumber, InstanceNumber and SOP Instance UID ascending. The first wins.
 *   <li>The frame is the one a Segmentation object references; otherwise RepresentativeFrameNumber
 *       (0028,6010) when it lies within the frames; otherwise the middle frame of a cine loop,
 *       {@code (frames + 1) / 2}; 1 for single-frame images.
 *   <li>Rows, Columns and NumberOfFrames are checked against the configured limits before anything
 *       is rendered, because a PACS may crash rendering absurd declared sizes.
 * </ol>
 */
public final class ImageSelector {

  /** The scored instance, its frame and the Segmentation objects that reference it. */
  public record Selection(DicomInstance image, int frameNumber, int rows, int columns, int frames,
      List<SegmentationReference> segmentations) {}

  private final IngestConfig.Selection rule;
  private final IngestConfig.Limits limits;

  public ImageSelector(IngestConfig.Selection rule, IngestConfig.Limits limits) {
    this.rule = rule;
    this.limits = limits;
  }

  /**
   * Applies the rule to the study's instances.
   *
   * @throws RejectedEventException {@code NO_USABLE_IMAGE}, {@code NOT_ULTRASOUND},
   *     {@code INVALID_IMAGE_ATTRIBUTES} or {@code IMAGE_TOO_LARGE}
   */
  public Selection select(List<DicomInstance> instances) {
    List<DicomInstance> withPixels = instances.stream()
        .filter(instance -> !instance.isSegmentation() && instance.hasPixelData())
        .toList();
    if (withPixels.isEmpty()) {
      throw new RejectedEventException("NO_USABLE_IMAGE",
          "study must contain an image (Pixel Data, or Rows and Columns) that is not a Segmentation, found " + instances.size()
              + " instance(s) with SOP classes " + sopClasses(instances));
    }

    List<DicomInstance> usable = withPixels.stream()
        .filter(instance -> rule.modalities().contains(instance.modality()))
        .filter(instance -> rule.sopClasses().contains(instance.sopClassUid()))
        .toList();
    if (usable.isEmpty()) {
      throw new RejectedEventException("NOT_ULTRASOUND",
          "study must contain an image with Modality in " + rule.modalities() + " and an ultrasound or secondary"
              + " capture SOP class, found " + withPixels.stream()
                  .map(instance -> "Modality=" + instance.modality() + " SOPClassUID=" + instance.sopClassUid())
                  .distinct().collect(Collectors.joining(", ")));
    }

    List<SegmentationReference> references = SegmentationReference.allIn(instances);
    DicomInstance image = usable.stream().min(order(references)).orElseThrow();
    int rows = positive(image, DicomInstance.ROWS, "Rows");
    int columns = positive(image, DicomInstance.COLUMNS, "Columns");
    int frames = positive(image, DicomInstance.NUMBER_OF_FRAMES, "NumberOfFrames", 1);
    checkLimits(rows, columns, frames);

    List<SegmentationReference> forImage = references.stream()
        .filter(reference -> reference.references(image.sopInstanceUid()))
        .toList();
    int frameNumber = frame(image, frames, forImage);
    List<SegmentationReference> forFrame = forImage.stream()
        .filter(reference -> reference.covers(image.sopInstanceUid(), frameNumber))
        .toList();
    return new Selection(image, frameNumber, rows, columns, frames, forFrame);
  }

  private void checkLimits(int rows, int columns, int frames) {
    List<String> exceeded = new ArrayList<>();
    if (rows > limits.maxRows()) {
      exceeded.add("Rows must be at most " + limits.maxRows() + ", found " + rows);
    }
    if (columns > limits.maxColumns()) {
      exceeded.add("Columns must be at most " + limits.maxColumns() + ", found " + columns);
    }
    if (frames > limits.maxFrames()) {
      exceeded.add("NumberOfFrames must be at most " + limits.maxFrames() + ", found " + frames);
    }
    if (!exceeded.isEmpty()) {
      throw new RejectedEventException("IMAGE_TOO_LARGE", String.join("; ", exceeded));
    }
  }

  private static int frame(DicomInstance image, int frames, List<SegmentationReference> references) {
    Optional<Integer> referenced = references.stream()
        .map(reference -> reference.firstFrame(image.sopInstanceUid()))
        .flatMap(Optional::stream)
        .filter(frame -> frame >= 1 && frame <= frames)
        .min(Integer::compare);
    if (referenced.isPresent()) {
      return referenced.get();
    }
    Optional<Integer> representative = safeInteger(image, DicomInstance.REPRESENTATIVE_FRAME_NUMBER);
    if (representative.isPresent() && representative.get() >= 1 && representative.get() <= frames) {
      return representative.get();
    }
    return (frames + 1) / 2;
  }

  private static Comparator<DicomInstance> order(List<SegmentationReference> references) {
    Comparator<DicomInstance> referencedFirst = Comparator.comparing(
        instance -> references.stream().noneMatch(reference -> reference.references(instance.sopInstanceUid())));
    return referencedFirst
        .thenComparing(instance -> !instance.texts(DicomInstance.IMAGE_TYPE).contains("ORIGINAL"))
        .thenComparing(instance -> !instance.texts(DicomInstance.IMAGE_TYPE).contains("PRIMARY"))
        .thenComparing(instance -> -pixels(instance))
        .thenComparing(instance -> safeInteger(instance, DicomInstance.SERIES_NUMBER).orElse(Integer.MAX_VALUE))
        .thenComparing(instance -> safeInteger(instance, DicomInstance.INSTANCE_NUMBER).orElse(Integer.MAX_VALUE))
        .thenComparing(instance -> String.valueOf(instance.sopInstanceUid()));
  }

  private static long pixels(DicomInstance instance) {
    return (long) safeInteger(instance, DicomInstance.ROWS).orElse(0) * safeInteger(instance, DicomInstance.COLUMNS).orElse(0);
  }

  private static Optional<Integer> safeInteger(DicomInstance instance, String tag) {
    try {
      return instance.integer(tag);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int positive(DicomInstance image, String tag, String name) {
    return positive(image, tag, name, null);
  }

  private static int positive(DicomInstance image, String tag, String name, Integer absentValue) {
    Optional<Integer> value;
    try {
      value = image.integer(tag);
    } catch (IllegalArgumentException e) {
      throw new RejectedEventException("INVALID_IMAGE_ATTRIBUTES", name + ": " + e.getMessage());
    }
    if (value.isEmpty()) {
      if (absentValue != null) {
        return absentValue;
      }
      throw new RejectedEventException("INVALID_IMAGE_ATTRIBUTES", name + " must be present in the image's metadata, found none");
    }
    if (value.get() < 1) {
      throw new RejectedEventException("INVALID_IMAGE_ATTRIBUTES", name + " must be at least 1, found " + value.get());
    }
    return value.get();
  }

  private static String sopClasses(List<DicomInstance> instances) {
    return instances.stream().map(DicomInstance::sopClassUid).distinct().toList().toString();
  }
}
