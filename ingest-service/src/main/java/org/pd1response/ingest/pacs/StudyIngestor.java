package org.pd1response.ingest.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CaseIds;
import org.pd1response.contracts.events.AcquisitionMetadata;
import org.pd1response.contracts.events.ImageIngested;
import org.pd1response.contracts.events.StudyNotification;
import org.pd1response.ingest.cases.CaseRevisions;
import org.pd1response.ingest.cases.CaseWriter;
import org.pd1response.ingest.clinical.StudyLinks;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.ingest.imaging.BinaryMask;
import org.pd1response.ingest.imaging.CanonicalImage;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.storage.Sha256;

/**
 * Turns one study notification into at most one image-ingested event: reads the study's WADO-RS
 * metadata, skips it when its content is unchanged since the last revision, chooses the image and
 * frame ({@link ImageSelector}), builds the ROI from Segmentation objects, fetches the original
 * instance and the frame rendered as PNG, and stores them.
 */
@ApplicationScoped
public class StudyIngestor {

  private static final Logger LOG = Logger.getLogger(StudyIngestor.class);

  /** Codes of rejections that a later attempt on the same content may fix, so the content is not marked rejected. */
  private static final List<String> TRANSIENT = List.of(PacsException.PacsErrorCode.PACS_UNREACHABLE.name());

  private final PacsClients pacs;
  private final CaseIds caseIds;
  private final CaseRevisions revisions;
  private final CaseWriter writer;
  private final StudyLinks links;
  private final ImageSelector selector;
  private final Clock clock;

  public StudyIngestor(PacsClients pacs, CaseIds caseIds, CaseRevisions revisions, CaseWriter writer,
      StudyLinks links, IngestConfig config, Clock clock) {
    this.pacs = pacs;
    this.caseIds = caseIds;
    this.revisions = revisions;
    this.writer = writer;
    this.links = links;
    this.selector = new ImageSelector(config.selection(), config.limits());
    this.clock = clock;
  }

  /** The outcome for a study: the event to send, or none when the content is unchanged. */
  public record StudyOutcome(String caseId, Optional<ImageIngested> event, Runnable afterSend) {}

  /**
   * Ingests the study. Before it returns, it records the new revision as pending and indexes the
   * study's accession number and patient id, so that a clinical record that arrives once the event
   * is sent is linked to this revision. The caller sends the event, then runs {@code afterSend},
   * which records the revision as ingested. After a crash at any point in between, the same content
   * yields the pending revision again, so the retry re-sends the same event id.
   *
   * @throws RejectedEventException with a specific code when the study cannot be ingested
   */
  public StudyOutcome ingest(StudyNotification notification) {
    DicomWebClient client = pacs.client(notification.sourcePacs());
    String caseId = caseIds.forStudy(notification.sourcePacs(), notification.studyInstanceUid());
    List<DicomInstance> instances = call(() -> client.studyMetadata(notification.studyInstanceUid())).stream()
        .map(DicomInstance::new)
        .toList();
    String fingerprint = fingerprint(instances);
    Optional<Integer> next = revisions.nextRevision(caseId, fingerprint);
    if (next.isEmpty()) {
      LOG.debugf("Study of case %s is unchanged since its last revision; nothing to ingest", caseId);
      return new StudyOutcome(caseId, Optional.empty(), () -> {});
    }
    int revision = next.get();
    try {
      ImageIngested event = ingest(client, notification, caseId, revision, instances);
      // The pending revision is recorded before the link index, so a record linked through the index finds it.
      revisions.recordPending(caseId, revision, fingerprint);
      links.recordStudy(notification.sourcePacs(), instances, caseId);
      return new StudyOutcome(caseId, Optional.of(event),
          () -> revisions.recordIngested(caseId, revision, fingerprint));
    } catch (RejectedEventException e) {
      if (!TRANSIENT.contains(e.code())) {
        revisions.recordRejected(caseId, fingerprint);
      }
      throw new RejectedEventException(e.code(), "case " + caseId + " revision " + revision + ": " + e.getMessage(), e);
    }
  }

  private ImageIngested ingest(DicomWebClient client, StudyNotification notification, String caseId, int revision,
      List<DicomInstance> instances) {
    ImageSelector.Selection selection = selector.select(instances);
    DicomInstance image = selection.image();
    String studyUid = notification.studyInstanceUid();

    BinaryMask mask = null;
    ImageIngested.RoiSource roiSource = ImageIngested.RoiSource.NONE;
    if (!selection.segmentations().isEmpty()) {
      mask = call(() -> SegmentationMasks.build(selection, client));
      roiSource = ImageIngested.RoiSource.DICOM_SEG;
    } else if (pacs.settings(notification.sourcePacs()).roiWhenMissing() == IngestConfig.MissingRoiRule.REJECT) {
      throw new RejectedEventException("NO_ROI", "study must contain a Segmentation object that references image "
          + image.sopInstanceUid() + " frame " + selection.frameNumber() + ", found none (ROI rule: reject)");
    }

    byte[] rendered = render(client, studyUid, selection);
    BufferedImage decoded = CanonicalImage.decode(rendered, "frame rendered by PACS " + client.pacsName());
    if (decoded.getWidth() != selection.columns() || decoded.getHeight() != selection.rows()) {
      throw new RejectedEventException("RENDER_FAILED", "rendered frame must be " + selection.columns() + " x "
          + selection.rows() + " pixels like Columns x Rows, found " + decoded.getWidth() + " x " + decoded.getHeight());
    }
    CanonicalImage canonical = CanonicalImage.of(decoded);

    byte[] original = call(() -> client.instance(studyUid, image.seriesInstanceUid(), image.sopInstanceUid()));
    List<CaseWriter.Original> originals = new ArrayList<>();
    originals.add(new CaseWriter.Original("image.dcm", original, "application/dicom"));
    int segNumber = 1;
    for (DicomInstance seg : SegmentationMasks.sources(selection)) {
      byte[] segBytes = call(() -> client.instance(studyUid, seg.seriesInstanceUid(), seg.sopInstanceUid()));
      originals.add(new CaseWriter.Original("segmentation-" + segNumber++ + ".dcm", segBytes, "application/dicom"));
    }
    CaseWriter.StoredCase stored = writer.store(caseId, revision, originals, canonical, mask);

    AcquisitionMetadata acquisition = new AcquisitionMetadata(image.modality(), image.sopClassUid(),
        image.text(DicomInstance.MANUFACTURER).orElse(null), image.text(DicomInstance.MODEL_NAME).orElse(null),
        image.text(DicomInstance.PHOTOMETRIC_INTERPRETATION).orElse(null),
        image.text(DicomInstance.TRANSFER_SYNTAX_UID).orElse(null), selection.frames(),
        image.integer(DicomInstance.BITS_STORED).orElse(null));
    LOG.infof("Ingested case %s revision %d from PACS %s: frame %d of %d, %d x %d, %d channel(s), ROI %s",
        caseId, revision, client.pacsName(), selection.frameNumber(), selection.frames(), canonical.width(),
        canonical.height(), canonical.channels(), roiSource);
    return new ImageIngested(1, caseId, revision, ImageIngested.CaseSource.PACS, stored.imageKey(), stored.maskKey(),
        stored.originalKey(), roiSource, selection.frameNumber(), canonical.width(), canonical.height(),
        canonical.channels(), acquisition, null, null, clock.instant());
  }

  private static byte[] render(DicomWebClient client, String studyUid, ImageSelector.Selection selection) {
    DicomInstance image = selection.image();
    try {
      return client.renderedFrame(studyUid, image.seriesInstanceUid(), image.sopInstanceUid(), selection.frameNumber());
    } catch (PacsException e) {
      if (e.code() == PacsException.PacsErrorCode.PACS_UNREACHABLE) {
        throw new RejectedEventException(e.code().name(), e.getMessage(), e);
      }
      throw new RejectedEventException("RENDER_FAILED", "PACS " + client.pacsName() + " could not render frame "
          + selection.frameNumber() + " of image " + image.sopInstanceUid() + " ("
          + image.text(DicomInstance.PHOTOMETRIC_INTERPRETATION).orElse("no PhotometricInterpretation")
          + "): HTTP " + e.status(), e);
    }
  }

  /**
   * SHA-256 over the instances' metadata, sorted by SOP Instance UID, without bulk data URIs
   * (they contain the PACS address, which may change without the content changing).
   */
  static String fingerprint(List<DicomInstance> instances) {
    StringBuilder text = new StringBuilder();
    instances.stream()
        .sorted(Comparator.comparing(instance -> String.valueOf(instance.sopInstanceUid())))
        .forEach(instance -> text.append(withoutBulkDataUris(instance.json().deepCopy())).append('\n'));
    return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode withoutBulkDataUris(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("BulkDataURI");
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        withoutBulkDataUris(fields.next().getValue());
      }
    } else if (node.isArray()) {
      node.forEach(StudyIngestor::withoutBulkDataUris);
    }
    return node;
  }

  private static <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (PacsException e) {
      throw new RejectedEventException(e.code().name(), e.getMessage(), e);
    }
  }
}
