package org.pd1response.imaging.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.imaging.model.ModelManager;

/**
 * Runs batches through four steps, each on its own thread, so that up to {@code maxInFlight}
 * batches overlap: while one batch is in ONNX Runtime, the next one's tensors are read, the
 * previous one's heat maps and score events are written, and the one before that is recorded in
 * the ledger and acknowledged.
 *
 * <p>Guarantees, which the single thread per step and the FIFO queues give:
 * <ul>
 *   <li>Batches pass every step in the order Kafka delivered them, and each batch is acknowledged
 *       or negatively acknowledged after every batch before it. A batch is acknowledged only
 *       after all its score events were acknowledged by the broker, so the connector commits an
 *       offset only when every record up to it has been scored or dead-lettered.</li>
 *   <li>One ONNX Runtime call runs at a time. ONNX Runtime already spreads one call over its
 *       intra-op threads.</li>
 *   <li>Each batch holds a lease on one session from its tensor reads to its acknowledgement, so a
 *       model switch between two batches in flight scores each batch with one version, and the
 *       old session is closed only after the last batch using it is acknowledged.</li>
 * </ul>
 *
 * <p>{@link #stop()} lets the batches in flight finish for a bounded time. Batches still unfinished
 * then are neither acknowledged nor dead-lettered, so the broker redelivers them after a restart
 * and the ledger skips the events already scored.
 */
final class ScoringPipeline {

  private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final String READ = "read";
  private static final String INFERENCE = "inference";
  private static final String PUBLISH = "publish";
  private static final String RECORD = "record";

  private final BatchScorer scorer;
  private final ModelManager models;
  private final Duration loadWait;
  private final int maxInFlight;
  private final MeterRegistry meters;
  private final StepWatch steps;
  private final ExecutorService readStep = singleThread("imaging-read");
  private final ExecutorService inferenceStep = singleThread("imaging-inference");
  private final ExecutorService publishStep = singleThread("imaging-publish");
  private final ExecutorService recordStep = singleThread("imaging-record");
  private final AtomicInteger waitsLogged = new AtomicInteger();
  private final AtomicInteger inFlightGauge = new AtomicInteger();

  private long nextSequence;
  /** Number of batches that have left the pipeline. They leave in sequence order unless abandoned at shutdown. */
  private long releasedCount;
  private int inFlight;
  private CompletableFuture<Void> admissionWaiter;
  private boolean stopping;
  /** Session of the previous batch, touched only by the read step's thread. */
  private ImagingSession previousSession;

  ScoringPipeline(BatchScorer scorer, ModelManager models, Duration loadWait, int maxInFlight, MeterRegistry meters,
      StepWatch steps) {
    this.scorer = scorer;
    this.models = models;
    this.loadWait = loadWait;
    this.maxInFlight = Math.max(1, maxInFlight);
    this.meters = meters;
    this.steps = steps;
    meters.gauge("imaging.batches.in.flight", inFlightGauge);
  }

  /**
   * Starts a batch and returns a stage that completes once the pipeline can take another one.
   * The connector delivers the next batch only then, which bounds the batches in memory.
   */
  CompletionStage<Void> submit(KafkaRecordBatch<String, byte[]> message, ConsumerRecords<String, byte[]> records) {
    ScoringBatch batch;
    synchronized (this) {
      if (stopping) {
        // Left unacknowledged on purpose: the broker redelivers it after the restart.
        return new CompletableFuture<>();
      }
      batch = new ScoringBatch(nextSequence++, message, records);
      inFlight++;
      inFlightGauge.set(inFlight);
    }
    try {
      CompletableFuture.runAsync(() -> step(batch, this::read), readStep)
          .thenRunAsync(() -> step(batch, INFERENCE, scorer::infer), inferenceStep)
          .thenRunAsync(() -> step(batch, PUBLISH, scorer::publish), publishStep)
          .thenRunAsync(() -> finish(batch), recordStep)
          .whenComplete((ignored, failure) -> {
            if (failure != null) {
              abandon(batch, failure);
            }
          });
    } catch (RejectedExecutionException e) {
      abandon(batch, e);
    }
    return admission();
  }

  /** Stops taking batches and waits a bounded time for the batches in flight to finish. */
  void stop() {
    synchronized (this) {
      stopping = true;
      // A waiting connector stays waiting, so that it delivers no further batch.
      admissionWaiter = null;
    }
    try {
      // Each step drains in turn, so that a batch leaving one step still finds the next one open.
      boolean drained = true;
      for (ExecutorService step : List.of(readStep, inferenceStep, publishStep, recordStep)) {
        step.shutdown();
        drained &= step.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (!drained) {
        LOG.warnf("%d batches were still in flight at shutdown; the broker redelivers them after a restart",
            inFlightGauge.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      readStep.shutdownNow();
      inferenceStep.shutdownNow();
      publishStep.shutdownNow();
      recordStep.shutdownNow();
    }
  }

  private synchronized CompletableFuture<Void> admission() {
    if (inFlight < maxInFlight) {
      return CompletableFuture.completedFuture(null);
    }
    admissionWaiter = new CompletableFuture<>();
    return admissionWaiter;
  }

  private void read(ScoringBatch batch) {
    batch.lease = awaitModel();
    // The watch starts after the model wait, because a missing model is reported by readiness instead.
    steps.started(READ, batch.sequence);
    try {
      ImagingSession session = batch.lease.session();
      if (previousSession != null && previousSession != session) {
        long earlier = unfinishedBefore(batch);
        meters.counter("imaging.model.handovers", "version", session.ref().version(), "batches_in_flight",
            Long.toString(earlier)).increment();
        LOG.infof("Batch %d is the first on model %s %s; earlier batches still in flight on the previous session: %d",
            batch.sequence, session.ref().name(), session.ref().version(), earlier);
      }
      previousSession = session;
      scorer.read(batch);
    } finally {
      steps.finished(READ);
    }
  }

  /** Counts the batches delivered before this one that have not left the pipeline yet. */
  private synchronized long unfinishedBefore(ScoringBatch batch) {
    return Math.max(0, batch.sequence - releasedCount);
  }

  private ModelManager.Lease awaitModel() {
    try {
      while (true) {
        Optional<ModelManager.Lease> lease = models.acquire(loadWait);
        if (lease.isPresent()) {
          waitsLogged.set(0);
          return lease.get();
        }
        if (waitsLogged.getAndIncrement() % 10 == 0) {
          LOG.warnf("No imaging model serves (%s); holding the batch until one is loaded", models.status().error());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoppedException("stopped while waiting for a model");
    }
  }

  /** Runs one step, timed by the step watch, unless an earlier step failed. */
  private void step(ScoringBatch batch, String name, Consumer<ScoringBatch> work) {
    if (batch.failed()) {
      return;
    }
    steps.started(name, batch.sequence);
    try {
      step(batch, work);
    } finally {
      steps.finished(name);
    }
  }

  /** Runs one step unless an earlier step failed; a failure is kept for {@link #finish}. */
  private void step(ScoringBatch batch, Consumer<ScoringBatch> work) {
    if (batch.failed()) {
      return;
    }
    try {
      work.accept(batch);
    } catch (RuntimeException e) {
      batch.failure = e;
    }
  }

  /** Records the batch in the ledger, then acknowledges it, or hands it to the failure strategy. */
  private void finish(ScoringBatch batch) {
    step(batch, RECORD, scorer::record);
    if (batch.failure instanceof StoppedException || stoppingNow() && batch.failed()) {
      abandon(batch, batch.failure);
      return;
    }
    try {
      if (batch.failed()) {
        LOG.errorf(batch.failure, "Batch %d of %d records failed; the failure strategy dead-letters every record",
            batch.sequence, batch.records.count());
        batch.message.nack(batch.failure);
      } else {
        batch.message.ack();
      }
    } finally {
      release(batch);
    }
  }

  /** Leaves a batch unacknowledged, so that it is redelivered, and frees its resources. */
  private void abandon(ScoringBatch batch, Throwable cause) {
    LOG.warnf("Batch %d of %d records was left unacknowledged (%s); the broker redelivers it after a restart",
        batch.sequence, batch.records.count(), cause == null ? "stopped" : cause.getMessage());
    release(batch);
  }

  private void release(ScoringBatch batch) {
    CompletableFuture<Void> admitted = null;
    synchronized (this) {
      if (batch.released) {
        return;
      }
      batch.released = true;
      releasedCount++;
      inFlight--;
      inFlightGauge.set(inFlight);
      if (admissionWaiter != null && inFlight < maxInFlight) {
        admitted = admissionWaiter;
        admissionWaiter = null;
      }
    }
    scorer.release(batch);
    if (batch.lease != null) {
      batch.lease.close();
      batch.lease = null;
    }
    if (admitted != null) {
      admitted.complete(null);
    }
  }

  private synchronized boolean stoppingNow() {
    return stopping;
  }

  private static ExecutorService singleThread(String name) {
    return Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A batch stopped because the service is shutting down. */
  private static final class StoppedException extends RuntimeException {
    StoppedException(String message) {
      super(message);
    }
  }
}
