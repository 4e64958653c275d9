package org.pd1response.ingest.research;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.ingest.cases.CaseRevisions;
import org.pd1response.ingest.cases.CaseWriter;
import org.pd1response.ingest.clinical.ClinicalRecords;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.ingest.imaging.BinaryMask;
import org.pd1response.ingest.imaging.CanonicalImage;
import org.pd1response.ingest.imaging.MaskDecoder;
import org.pd1response.ingest.imaging.MaskDecoder.NamedBytes;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.storage.Sha256;

/**
 * Ingests research submissions: an image file with its mask files and an optional clinical
 * record, or a clinical record alone. The case id comes from the cohort and the image id. The same
 * submission again yields no new revision; a changed one yields the next.
 */
@ApplicationScoped
public class ResearchIngestor {

  private static final Logger LOG = Logger.getLogger(ResearchIngestor.class);

  /** Outcome of one submission: the case, its revision, and whether anything new was ingested. */
  public record Result(String caseId, int revision, boolean ingested, ImageIngested image,
      Map<ClinicalValue.ValueFlag, Long> clinicalFlags) {}

  /**
   * One research case.
   *
   * @param imageId id of the image within the cohort, such as {@code benign/images/benign (12)}
   * @param clinical raw clinical values, empty when the submission has none
   */
  public record Submission(String cohort, String imageId, Integer label, NamedBytes image, List<NamedBytes> masks,
      String clinicalSchema, List<RawValue> clinical) {}

  private final CaseIds caseIds;
  private final CaseRevisions revisions;
  private final CaseWriter writer;
  private final ClinicalRecords clinicalRecords;
  private final IngestConfig.Limits limits;
  private final EventSender images;
  private final Clock clock;

  public ResearchIngestor(CaseIds caseIds, CaseRevisions revisions, CaseWriter writer, ClinicalRecords clinicalRecords,
      IngestConfig config, @Channel("image-ingested") MutinyEmitter<byte[]> out, Clock clock) {
    this.caseIds = caseIds;
    this.revisions = revisions;
    this.writer = writer;
    this.clinicalRecords = clinicalRecords;
    this.limits = config.limits();
    this.images = new EventSender(out);
    this.clock = clock;
  }

  /** Derives the case id of a research image or record. */
  public String caseId(String cohort, String imageId) {
    try {
      return caseIds.forResearchImage(cohort, imageId);
    } catch (IllegalArgumentException e) {
      throw new RejectedEventException("INVALID_SUBMISSION", e.getMessage(), e);
    }
  }

  /**
   * Ingests a submission with an image.
   *
   * @throws RejectedEventException {@code BROKEN_IMAGE}, {@code IMAGE_TOO_LARGE}, {@code MASK_SIZE_MISMATCH},
   *     {@code INVALID_MASK}, {@code INVALID_SUBMISSION} or a clinical rejection
   */
  public Result ingestImage(Submission submission) {
    String caseId = caseId(submission.cohort(), submission.imageId());
    checkLabel(submission.label());
    NormalisedRecord clinical = submission.clinical().isEmpty()
        ? null : clinicalRecords.normalise(submission.clinicalSchema(), submission.clinical());
    Optional<Integer> next = revisions.nextRevision(caseId, fingerprint(submission));
    if (next.isEmpty()) {
      return new Result(caseId, revisions.currentRevision(caseId), false, null, Map.of());
    }
    int revision = next.get();

    BufferedImage decoded = CanonicalImage.decode(submission.image().content(), "image");
    if (decoded.getHeight() > limits.maxRows() || decoded.getWidth() > limits.maxColumns()) {
      throw new RejectedEventException("IMAGE_TOO_LARGE", "image must be at most " + limits.maxColumns() + " x "
          + limits.maxRows() + " pixels, found " + decoded.getWidth() + " x " + decoded.getHeight());
    }
    CanonicalImage canonical = CanonicalImage.of(decoded);
    BinaryMask mask = submission.masks().isEmpty()
        ? null : MaskDecoder.merge(submission.masks(), canonical.width(), canonical.height());

    List<CaseWriter.Original> originals = new ArrayList<>();
    originals.add(new CaseWriter.Original("image" + extension(submission.image().name()),
        submission.image().content(), contentType(submission.image().name())));
    for (int i = 0; i < submission.masks().size(); i++) {
      NamedBytes file = submission.masks().get(i);
      originals.add(new CaseWriter.Original("mask-" + (i + 1) + extension(file.name()), file.content(),
          contentType(file.name())));
    }
    CaseWriter.StoredCase stored = writer.store(caseId, revision, originals, canonical, mask);
    ImageIngested event = new ImageIngested(1, caseId, revision, ImageIngested.CaseSource.RESEARCH, stored.imageKey(),
        stored.maskKey(), stored.originalKey(), mask == null ? ImageIngested.RoiSource.NONE
            : ImageIngested.RoiSource.MASK_FILE, 1, canonical.width(), canonical.height(), canonical.channels(), null,
        submission.cohort(), submission.label(), clock.instant());
    images.send(EventEnvelope.of(EventIds.of(caseId, revision, Stage.INGEST, EventIds.NO_MODEL),
        EventType.IMAGE_INGESTED, Stage.INGEST, caseId, event, clock.instant()));
    if (clinical != null) {
      clinicalRecords.publish(caseId, revision, clinical, submission.cohort(), submission.label());
    }
    revisions.recordIngested(caseId, revision, fingerprint(submission));
    LOG.debugf("Ingested research case %s revision %d of cohort %s: %d x %d, %d channel(s), %d mask file(s)", caseId,
        revision, submission.cohort(), canonical.width(), canonical.height(), canonical.channels(),
        submission.masks().size());
    return new Result(caseId, revision, true, event, clinical == null ? Map.of() : flags(clinical));
  }

  /**
   * Ingests a clinical record without an image, such as a row of a cohort CSV.
   *
   * @param recordId id of the record within the cohort
   */
  public Result ingestClinical(String cohort, String recordId, Integer label, String schema, List<RawValue> values) {
    String caseId = caseId(cohort, recordId);
    checkLabel(label);
    NormalisedRecord record = clinicalRecords.normalise(schema, values);
    String fingerprint = Sha256.of((record.values() + "|" + label).getBytes(StandardCharsets.UTF_8));
    Optional<Integer> next = revisions.nextRevision(caseId, fingerprint);
    if (next.isEmpty()) {
      return new Result(caseId, revisions.currentRevision(caseId), false, null, Map.of());
    }
    clinicalRecords.publish(caseId, next.get(), record, cohort, label);
    revisions.recordIngested(caseId, next.get(), fingerprint);
    return new Result(caseId, next.get(), true, null, flags(record));
  }

  private static Map<ClinicalValue.ValueFlag, Long> flags(NormalisedRecord record) {
    Map<ClinicalValue.ValueFlag, Long> counts = new EnumMap<>(ClinicalValue.ValueFlag.class);
    for (ClinicalValue value : record.values()) {
      counts.merge(value.flag(), 1L, Long::sum);
    }
    return counts;
  }

  private static void checkLabel(Integer label) {
    if (label != null && label != 0 && label != 1) {
      throw new RejectedEventException("INVALID_SUBMISSION", "label must be 0, 1 or absent, found " + label);
    }
  }

  private static String fingerprint(Submission submission) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(Sha256.of(submission.image().content()).getBytes(StandardCharsets.US_ASCII));
    for (NamedBytes mask : submission.masks()) {
      content.writeBytes(Sha256.of(mask.content()).getBytes(StandardCharsets.US_ASCII));
    }
    content.writeBytes(("|" + submission.label() + "|" + submission.clinicalSchema() + "|" + submission.clinical())
        .getBytes(StandardCharsets.UTF_8));
    return Sha256.of(content.toByteArray());
  }

  private static String extension(String fileName) {
    String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    String extension = dot < 0 ? "" : lower.substring(dot);
    return extension.matches("\\.[a-z0-9]{1,5}") ? extension : ".bin";
  }

  private static String contentType(String fileName) {
    return switch (extension(fileName)) {
      case ".png" -> "image/png";
      case ".jpg", ".jpeg" -> "image/jpeg";
      case ".gif" -> "image/gif";
      default -> "application/octet-stream";
    };
  }
}
