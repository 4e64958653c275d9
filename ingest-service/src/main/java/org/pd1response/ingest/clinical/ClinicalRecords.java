package org.pd1response.ingest.clinical;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.ClinicalRecordException;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ClinicalRecordIngested;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.ingest.config.IngestConfig;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.storage.Sha256;

/**
 * Normalises a case's raw clinical values with a clinical schema and publishes the
 * clinical-record-ingested event. Values become canonical units; unusable values stay in the record
 * as MISSING, IMPLAUSIBLE or UNPARSEABLE without a number. A record whose structure is invalid (an
 * unknown indicator, a unit the indicator does not accept, a value given twice) is rejected with
 * {@code INVALID_CLINICAL_RECORD}.
 */
@ApplicationScoped
public class ClinicalRecords {

  private static final Logger LOG = Logger.getLogger(ClinicalRecords.class);

  private final Map<String, ClinicalNormaliser> normalisers = new TreeMap<>();
  private final String defaultSchema;
  private final EventSender sender;
  private final Clock clock;

  public ClinicalRecords(IngestConfig config, @Channel("clinical-records") MutinyEmitter<byte[]> out, Clock clock) {
    for (String name : config.clinical().schemas()) {
      ClinicalSchema schema = ClinicalSchema.fromResource("/clinical-schemas/" + name + ".json");
      normalisers.put(name, new ClinicalNormaliser(schema));
      LOG.infof("Clinical schema %s version %s with %d indicators", schema.name(), schema.version(),
          schema.indicators().size());
    }
    this.defaultSchema = config.clinical().defaultSchema();
    if (!normalisers.containsKey(defaultSchema)) {
      throw new IllegalStateException("pipeline.ingest.clinical.default-schema must be one of "
          + normalisers.keySet() + ", found '" + defaultSchema + "'");
    }
    this.sender = new EventSender(out);
    this.clock = clock;
  }

  /**
   * Normalises the values of one record.
   *
   * @param schemaName schema to apply; null for the default
   * @throws RejectedEventException {@code UNKNOWN_SCHEMA} or {@code INVALID_CLINICAL_RECORD}
   */
  public NormalisedRecord normalise(String schemaName, List<RawValue> values) {
    String name = schemaName == null || schemaName.isBlank() ? defaultSchema : schemaName;
    ClinicalNormaliser normaliser = normalisers.get(name);
    if (normaliser == null) {
      throw new RejectedEventException("UNKNOWN_SCHEMA",
          "schema must be one of " + normalisers.keySet() + ", found '" + name + "'");
    }
    try {
      return normaliser.normalise(values);
    } catch (ClinicalRecordException e) {
      throw new RejectedEventException("INVALID_CLINICAL_RECORD", e.getMessage(), e);
    }
  }

  /** Publishes a normalised record for one case revision and returns the event's payload. */
  public ClinicalRecordIngested publish(String caseId, int revision, NormalisedRecord record, String cohort,
      Integer label) {
    ClinicalRecordIngested payload = new ClinicalRecordIngested(1, caseId, revision, record.values(),
        record.missing(), cohort, label, clock.instant());
    String content = record.values().toString() + "|" + label;
    String qualifier = "clinical-" + Sha256.of(content.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    sender.send(EventEnvelope.of(EventIds.of(caseId, revision, Stage.INGEST, qualifier),
        EventType.CLINICAL_RECORD_INGESTED, Stage.INGEST, caseId, payload, clock.instant()));
    long flagged = record.values().stream().filter(value -> value.flag() != ClinicalValue.ValueFlag.PRESENT).count();
    LOG.infof("Ingested clinical record of case %s revision %d: %d values, %d flagged", caseId, revision,
        record.values().size(), flagged);
    return payload;
  }
}
