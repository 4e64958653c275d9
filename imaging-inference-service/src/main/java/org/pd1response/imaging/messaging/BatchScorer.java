package org.pd1response.imaging.messaging;

import ai.onnxruntime.OrtException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CloudEventCodec;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.EventIds;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.InvalidEventException;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.contracts.events.ImagingScore;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.imaging.config.ImagingInferenceConfig;
import org.pd1response.imaging.heatmap.HeatMapStore;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.imaging.scoring.TensorReader;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectKeys;

/**
 * The four steps that score one batch: {@link #read} (decode, skip processed events, check each
 * event against the card and read its tensor), {@link #infer} (one ONNX Runtime call, which also
 * yields the Grad-CAM maps), {@link #publish} (heat-map upload, score events sent and acknowledged) and
 * {@link #record} (ledger markers).
 * A bad event goes to the dead-letter topic and the rest of the batch goes on. Reads, uploads and
 * ledger calls of one batch run in parallel on the shared I/O pool.
 */
final class BatchScorer {

  private static final Logger LOG = Logger.getLogger(BatchScorer.class);
  private static final String INFERENCE_FAILED = "INFERENCE_FAILED";

  private final StageConsumer<ImagePreprocessed> stage;
  private final ProcessedEventLedger ledger;
  private final ScoreSender scores;
  private final TensorReader tensors;
  private final HeatMapStore heatMaps;
  private final ImagingInferenceConfig config;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ExecutorService io;
  /**
   * Ids of events held by an unfinished batch. The ledger records an event only when its batch
   * finishes, so without this set a copy of the event in the next batch would be scored again.
   */
  private final Set<String> inFlightIds = ConcurrentHashMap.newKeySet();

  BatchScorer(StageConsumer<ImagePreprocessed> stage, ProcessedEventLedger ledger, ScoreSender scores,
      TensorReader tensors, HeatMapStore heatMaps, ImagingInferenceConfig config, MeterRegistry meters, Clock clock,
      ExecutorService io) {
    this.stage = stage;
    this.ledger = ledger;
    this.scores = scores;
    this.tensors = tensors;
    this.heatMaps = heatMaps;
    this.config = config;
    this.meters = meters;
    this.clock = clock;
    this.io = io;
  }

  /**
   * Decodes the batch, drops events that an unfinished batch contains or the ledger has recorded,
   * and reads the tensors of the rest. Needs the batch's lease, because the card decides what is valid.
   */
  void read(ScoringBatch batch) {
    List<ScoringBatch.Item> decoded = decode(batch);
    Timer.Sample read = Timer.start(meters);
    batch.items = readTensors(decoded, batch.lease.session());
    read.stop(stageTimer("s3-read"));
    for (int i = 0; i < batch.items.size(); i++) {
      batch.items.get(i).batchIndex = i;
    }
  }

  /** Runs the model on the batch; a failed run dead-letters every event of the batch. */
  void infer(ScoringBatch batch) {
    if (batch.items.isEmpty()) {
      return;
    }
    ImagingSession session = batch.lease.session();
    Timer.Sample inference = Timer.start(meters);
    try {
      batch.output = session.score(batch.items.stream().map(item -> item.tensor).toList(), config.heatMap().enabled());
    } catch (OrtException | RuntimeException e) {
      LOG.errorf(e, "Inference failed for a batch of %d events on model %s %s; dead-lettering the batch",
          batch.items.size(), session.ref().name(), session.ref().version());
      for (ScoringBatch.Item item : batch.items) {
        stage.deadLetter(item.record, INFERENCE_FAILED, "model " + session.ref().name() + " "
            + session.ref().version() + " failed on the batch: " + e.getMessage());
      }
      batch.items = List.of();
      return;
    }
    inference.stop(stageTimer("inference"));
    for (ScoringBatch.Item item : batch.items) {
      // The tensor is needed again only for a background overlay, which copies its first channel.
      if (!rendersOverlays()) {
        item.tensor = null;
      }
    }
  }

  /**
   * Stores the heat maps, sends the score events and waits for the broker's acknowledgement.
   * Events whose heat map could not be stored are dead-lettered and dropped from the batch.
   *
   * @throws RuntimeException when sending fails or times out
   */
  void publish(ScoringBatch batch) {
    if (batch.items.isEmpty()) {
      return;
    }
    ImagingSession session = batch.lease.session();
    if (config.heatMap().enabled()) {
      batch.items = storeHeatMaps(batch.items, batch.output, session);
    }
    List<ScoringBatch.Item> items = batch.items;

    Timer.Sample kafka = Timer.start(meters);
    ModelRef model = session.ref();
    List<EventEnvelope<?>> events = new ArrayList<>(items.size());
    for (ScoringBatch.Item item : items) {
      events.add(scoreEvent(item, batch.output.positiveProbabilities()[item.batchIndex], model));
    }
    scores.sendAll(events);
    kafka.stop(stageTimer("kafka"));
    batch.output = null;
  }

  /** Records the published events in the ledger; a failed marker is logged and the batch goes on. */
  void record(ScoringBatch batch) {
    List<ScoringBatch.Item> items = batch.items;
    if (items.isEmpty()) {
      return;
    }
    Timer.Sample ledgerTime = Timer.start(meters);
    List<Future<Object>> marks = new ArrayList<>(items.size());
    for (ScoringBatch.Item item : items) {
      marks.add(io.submit(() -> {
        ledger.markProcessed(item.event.id());
        return item;
      }));
    }
    for (int i = 0; i < items.size(); i++) {
      if (await(marks.get(i), items.get(i)) instanceof RuntimeException failed) {
        // The score is already published; a missing marker only means a redelivery would score again.
        LOG.warnf("Recording event %s in the ledger failed: %s", items.get(i).event.id(), failed.getMessage());
      }
    }
    ledgerTime.stop(stageTimer("ledger"));
    meters.counter("pipeline.events", "stage", Stage.IMAGING_INFERENCE.slug(), "outcome", "processed",
        "error_code", "none").increment(items.size());
    meters.summary("imaging.batch.size").record(items.size());
    ModelRef model = batch.lease.session().ref();
    LOG.debugf("Scored batch %d of %d events with model %s %s", batch.sequence, items.size(), model.name(),
        model.version());
  }

  /** Releases the event ids that the batch reserved in {@link #read}. */
  void release(ScoringBatch batch) {
    batch.reservedIds.forEach(inFlightIds::remove);
    batch.reservedIds.clear();
  }

  private List<ScoringBatch.Item> decode(ScoringBatch batch) {
    List<ScoringBatch.Item> items = new ArrayList<>(batch.records.count());
    for (ConsumerRecord<String, byte[]> record : batch.records) {
      try {
        EventEnvelope<ImagePreprocessed> event =
            CloudEventCodec.decode(EventType.IMAGE_PREPROCESSED, record.key(), record.headers(), record.value());
        if (inFlightIds.add(event.id())) {
          batch.reservedIds.add(event.id());
          items.add(new ScoringBatch.Item(record, event));
        } else {
          LOG.debugf("Skipping event %s for case %s: an unfinished batch holds it", event.id(), event.subject());
          countDuplicate();
        }
      } catch (InvalidEventException e) {
        stage.deadLetter(record, e.code().name(), e.getMessage());
      }
    }
    return items;
  }

  /** Skips events already processed, reads the rest and dead-letters the rejected ones. */
  private List<ScoringBatch.Item> readTensors(List<ScoringBatch.Item> items, ImagingSession session) {
    List<Future<Object>> reads = new ArrayList<>(items.size());
    for (ScoringBatch.Item item : items) {
      reads.add(io.submit(() -> {
        if (ledger.isProcessed(item.event.id())) {
          return Boolean.FALSE;
        }
        try {
          item.tensor = tensors.read(item.event.payload(), session.card());
          return item;
        } catch (RejectedEventException e) {
          return e;
        }
      }));
    }
    List<ScoringBatch.Item> ready = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ScoringBatch.Item item = items.get(i);
      Object result = await(reads.get(i), item);
      if (result instanceof RejectedEventException rejected) {
        stage.deadLetter(item.record, rejected.code(), rejected.getMessage());
      } else if (result instanceof RuntimeException failed) {
        LOG.errorf(failed, "Reading the tensor of event %s for case %s failed", item.event.id(), item.event.subject());
        stage.deadLetter(item.record, "PROCESSING_FAILED", failed.getClass().getSimpleName() + ": " + failed.getMessage());
      } else if (result == Boolean.FALSE) {
        LOG.debugf("Skipping duplicate event %s for case %s", item.event.id(), item.event.subject());
        countDuplicate();
      } else {
        ready.add(item);
      }
    }
    return ready;
  }

  /** Stores the Grad-CAM map of each item; items whose map cannot be stored are dead-lettered. */
  private List<ScoringBatch.Item> storeHeatMaps(List<ScoringBatch.Item> items, ImagingSession.BatchOutput output,
      ImagingSession session) {
    int[] mapShape = session.featureMapShape();
    int size = session.card().imageShape()[1];
    ModelRef model = session.ref();
    List<Future<Object>> writes = new ArrayList<>(items.size());
    for (ScoringBatch.Item item : items) {
      writes.add(io.submit(() -> {
        try {
          float[] map = output.heatMaps()[item.batchIndex];
          ImagePreprocessed payload = item.event.payload();
          long stored = System.nanoTime();
          item.heatMapKey = heatMaps.storeMap(payload.caseId(), payload.revision(), model, map, mapShape[1],
              mapShape[2]);
          stageTimer("heat-map-storage").record(System.nanoTime() - stored, TimeUnit.NANOSECONDS);
          if (rendersOverlays()) {
            float[] firstChannel = Arrays.copyOf(item.tensor, size * size);
            item.overlayKey = heatMaps.renderOverlayLater(payload.caseId(), payload.revision(), model, firstChannel,
                size, map, mapShape[1], mapShape[2]);
          } else if (config.heatMap().overlay()) {
            item.overlayKey = ObjectKeys.heatMapOverlay(payload.caseId(), payload.revision(), model.name(),
                model.version());
          }
          return item;
        } catch (RuntimeException e) {
          return e;
        }
      }));
    }
    List<ScoringBatch.Item> stored = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ScoringBatch.Item item = items.get(i);
      Object result = await(writes.get(i), item);
      if (result instanceof RuntimeException failed) {
        LOG.errorf(failed, "Storing the heat map of event %s for case %s failed", item.event.id(), item.event.subject());
        stage.deadLetter(item.record, "PROCESSING_FAILED", failed.getClass().getSimpleName() + ": " + failed.getMessage());
      } else {
        stored.add(item);
      }
    }
    return stored;
  }

  private EventEnvelope<ImagingScore> scoreEvent(ScoringBatch.Item item, float probability, ModelRef model) {
    ImagePreprocessed input = item.event.payload();
    ImagingScore score = new ImagingScore(1, input.caseId(), input.revision(), probability, model,
        input.preprocessingHash(), item.heatMapKey, item.overlayKey, clock.instant());
    return EventEnvelope.of(EventIds.of(input.caseId(), input.revision(), Stage.IMAGING_INFERENCE, model.version()),
        EventType.IMAGING_SCORE, Stage.IMAGING_INFERENCE, input.caseId(), score, clock.instant());
  }

  /** Returns whether each score's overlay is rendered now, in the background, rather than on request. */
  private boolean rendersOverlays() {
    ImagingInferenceConfig.HeatMapConfig heatMap = config.heatMap();
    return heatMap.enabled() && heatMap.overlay()
        && heatMap.overlayRendering() == ImagingInferenceConfig.HeatMapConfig.OverlayRendering.BACKGROUND;
  }

  private Timer stageTimer(String name) {
    return Timer.builder("imaging.stage.time")
        .description("Time spent in one step of batch scoring")
        .tag("stage", name)
        .register(meters);
  }

  private void countDuplicate() {
    meters.counter("pipeline.events", "stage", Stage.IMAGING_INFERENCE.slug(), "outcome", "duplicate",
        "error_code", "none").increment();
  }

  private static Object await(Future<Object> future, ScoringBatch.Item item) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while processing event " + item.event.id(), e);
    }
  }
}
