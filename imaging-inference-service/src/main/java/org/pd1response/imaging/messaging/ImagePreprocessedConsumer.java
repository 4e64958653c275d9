package org.pd1response.imaging.messaging;

import ai.onnxruntime.OrtException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
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
import org.pd1response.imaging.model.GradCam;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.imaging.model.ModelManager;
import org.pd1response.imaging.scoring.TensorReader;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.RejectedEventException;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectStore;

/**
 * Scores image-preprocessed events in micro-batches. Each Kafka poll delivers one batch (at most
 * {@code max.poll.records} events, collected for at most {@code fetch.max.wait.ms}); the batch is
 * scored by one model version in one ONNX Runtime call, and the method returns, which lets the
 * connector commit the offsets, only after every score event is acknowledged by the broker.
 *
 * <p>Steps per batch: decode and drop repeated event ids; in parallel, skip events already in the
 * ledger, check each event against the card and read its tensor; run the model; in parallel,
 * compute Grad-CAM and store the low-resolution map; send all score events; record all events in
 * the ledger. A bad event goes to the dead-letter topic and the rest of the batch goes on.
 */
@ApplicationScoped
public class ImagePreprocessedConsumer {

  private static final Logger LOG = Logger.getLogger(ImagePreprocessedConsumer.class);
  private static final String INFERENCE_FAILED = "INFERENCE_FAILED";

  private final StageConsumer<ImagePreprocessed> stage;
  private final ProcessedEventLedger ledger;
  private final ScoreSender scores;
  private final TensorReader tensors;
  private final ModelManager models;
  private final HeatMapStore heatMaps;
  private final ImagingInferenceConfig config;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ExecutorService io;
  private final AtomicInteger waitsLogged = new AtomicInteger();

  /** One decoded event on its way through the batch; {@code tensor} is set once it was read. */
  private static final class Item {
    final ConsumerRecord<String, byte[]> record;
    final EventEnvelope<ImagePreprocessed> event;
    float[] tensor;
    int batchIndex;
    String heatMapKey;
    String overlayKey;

    Item(ConsumerRecord<String, byte[]> record, EventEnvelope<ImagePreprocessed> event) {
      this.record = record;
      this.event = event;
    }
  }

  ImagePreprocessedConsumer(@Channel("imaging-scores") MutinyEmitter<byte[]> out,
      @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, ObjectStore store, ModelManager models,
      HeatMapStore heatMaps, ImagingInferenceConfig config, MeterRegistry meters, Clock clock) {
    this.ledger = new ProcessedEventLedger(store, Stage.IMAGING_INFERENCE, 10_000);
    this.stage = new StageConsumer<>(Stage.IMAGING_INFERENCE, EventType.IMAGE_PREPROCESSED, ledger,
        new EventSender(deadLetters), meters, clock);
    this.scores = new ScoreSender(out, config.batch().sendTimeout());
    this.tensors = new TensorReader(store);
    this.models = models;
    this.heatMaps = heatMaps;
    this.config = config;
    this.meters = meters;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.io = Executors.newFixedThreadPool(Math.max(1, config.batch().ioThreads()), runnable -> {
      Thread thread = new Thread(runnable, "imaging-io-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Incoming("image-preprocessed")
  @Blocking
  public void consume(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    try (ModelManager.Lease lease = awaitModel()) {
      scoreBatch(records, lease.session());
    }
  }

  private ModelManager.Lease awaitModel() throws InterruptedException {
    while (true) {
      Optional<ModelManager.Lease> lease = models.acquire(config.model().loadWait());
      if (lease.isPresent()) {
        waitsLogged.set(0);
        return lease.get();
      }
      ModelManager.Status status = models.status();
      if (waitsLogged.getAndIncrement() % 10 == 0) {
        LOG.warnf("No imaging model serves (%s); holding the batch until one is loaded", status.error());
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while waiting for a model");
      }
    }
  }

  private void scoreBatch(ConsumerRecords<String, byte[]> records, ImagingSession session) {
    List<Item> items = decode(records);
    Timer.Sample read = Timer.start(meters);
    items = readTensors(items, session);
    read.stop(stageTimer("s3-read"));
    if (items.isEmpty()) {
      return;
    }

    for (int i = 0; i < items.size(); i++) {
      items.get(i).batchIndex = i;
    }
    ImagingSession.BatchOutput output;
    Timer.Sample inference = Timer.start(meters);
    try {
      output = session.score(items.stream().map(item -> item.tensor).toList(), config.heatMap().enabled());
    } catch (OrtException | RuntimeException e) {
      LOG.errorf(e, "Inference failed for a batch of %d events on model %s %s; dead-lettering the batch",
          items.size(), session.ref().name(), session.ref().version());
      for (Item item : items) {
        stage.deadLetter(item.record, INFERENCE_FAILED, "model " + session.ref().name() + " "
            + session.ref().version() + " failed on the batch: " + e.getMessage());
      }
      return;
    }
    inference.stop(stageTimer("inference"));

    if (config.heatMap().enabled()) {
      items = storeHeatMaps(items, output, session);
    }

    Timer.Sample kafka = Timer.start(meters);
    ModelRef model = session.ref();
    List<EventEnvelope<?>> events = new ArrayList<>(items.size());
    for (Item item : items) {
      events.add(scoreEvent(item, output.positiveProbabilities()[item.batchIndex], model));
    }
    scores.sendAll(events);
    kafka.stop(stageTimer("kafka"));

    Timer.Sample ledgerTime = Timer.start(meters);
    List<Future<Object>> marks = new ArrayList<>(items.size());
    for (Item item : items) {
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
    LOG.debugf("Scored a batch of %d events with model %s %s", items.size(), model.name(), model.version());
  }

  private List<Item> decode(ConsumerRecords<String, byte[]> records) {
    List<Item> items = new ArrayList<>(records.count());
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        EventEnvelope<ImagePreprocessed> event =
            CloudEventCodec.decode(EventType.IMAGE_PREPROCESSED, record.key(), record.headers(), record.value());
        if (ids.add(event.id())) {
          items.add(new Item(record, event));
        } else {
          countDuplicate();
        }
      } catch (InvalidEventException e) {
        stage.deadLetter(record, e.code().name(), e.getMessage());
      }
    }
    return items;
  }

  /** Skips events already processed, reads the rest and dead-letters the rejected ones. */
  private List<Item> readTensors(List<Item> items, ImagingSession session) {
    List<Future<Object>> reads = new ArrayList<>(items.size());
    for (Item item : items) {
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
    List<Item> ready = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
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

  /** Computes and stores the Grad-CAM map of each item; items whose map cannot be stored are dead-lettered. */
  private List<Item> storeHeatMaps(List<Item> items, ImagingSession.BatchOutput output, ImagingSession session) {
    int[] mapShape = session.featureMapShape();
    float[] weights = session.positiveWeights();
    int size = session.card().imageShape()[1];
    ModelRef model = session.ref();
    List<Future<Object>> writes = new ArrayList<>(items.size());
    for (Item item : items) {
      writes.add(io.submit(() -> {
        try {
          long start = System.nanoTime();
          float[] map = GradCam.lowResolution(output.featureMaps(), item.batchIndex, mapShape[0], mapShape[1], mapShape[2],
              weights);
          stageTimer("grad-cam").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          ImagePreprocessed payload = item.event.payload();
          long stored = System.nanoTime();
          item.heatMapKey = heatMaps.storeMap(payload.caseId(), payload.revision(), model, map, mapShape[1],
              mapShape[2]);
          stageTimer("heat-map-storage").record(System.nanoTime() - stored, TimeUnit.NANOSECONDS);
          if (config.heatMap().overlay()) {
            float[] firstChannel = Arrays.copyOf(item.tensor, size * size);
            item.overlayKey = heatMaps.renderOverlayLater(payload.caseId(), payload.revision(), model, firstChannel,
                size, map, mapShape[1], mapShape[2]);
          }
          return item;
        } catch (RuntimeException e) {
          return e;
        }
      }));
    }
    List<Item> stored = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
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

  private EventEnvelope<ImagingScore> scoreEvent(Item item, float probability, ModelRef model) {
    ImagePreprocessed input = item.event.payload();
    ImagingScore score = new ImagingScore(1, input.caseId(), input.revision(), probability, model,
        input.preprocessingHash(), item.heatMapKey, item.overlayKey, clock.instant());
    return EventEnvelope.of(EventIds.of(input.caseId(), input.revision(), Stage.IMAGING_INFERENCE, model.version()),
        EventType.IMAGING_SCORE, Stage.IMAGING_INFERENCE, input.caseId(), score, clock.instant());
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

  private static Object await(Future<Object> future, Item item) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while processing event " + item.event.id(), e);
    }
  }

  @PreDestroy
  void stop() {
    io.shutdownNow();
  }
}
