package org.pd1response.imaging.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.pd1response.contracts.EventType;
import org.pd1response.contracts.Stage;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.imaging.config.ImagingInferenceConfig;
import org.pd1response.imaging.heatmap.HeatMapStore;
import org.pd1response.imaging.model.ModelManager;
import org.pd1response.imaging.scoring.TensorReader;
import org.pd1response.runtime.EventSender;
import org.pd1response.runtime.ProcessedEventLedger;
import org.pd1response.runtime.StageConsumer;
import org.pd1response.storage.ObjectStore;

/**
 * Scores image-preprocessed events in micro-batches. Each Kafka poll delivers one batch (at most
 * {@code max.poll.records} events, collected for at most {@code fetch.max.wait.ms}), which one
 * model version scores in one ONNX Runtime call.
 *
 * <p>Acknowledgement is manual. This method only hands the batch to the {@link ScoringPipeline}
 * and returns. The pipeline acknowledges the batch once the broker has acknowledged every score
 * event, and only then may the connector commit the batch's offsets. The connector calls this
 * method again when the returned stage completes, which happens once fewer than
 * {@code pipeline.imaging.batch.max-in-flight} batches are unfinished. A batch that fails as a
 * whole is negatively acknowledged, and the channel's dead-letter strategy sends its records to
 * {@code dlq.imaging-inference}.
 */
@ApplicationScoped
public class ImagePreprocessedConsumer {

  private final ScoringPipeline pipeline;
  private final ExecutorService io;
  private final StepWatch steps = new StepWatch(System::nanoTime);

  ImagePreprocessedConsumer(@Channel("imaging-scores") MutinyEmitter<byte[]> out,
      @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, ObjectStore store, ModelManager models,
      HeatMapStore heatMaps, ImagingInferenceConfig config, MeterRegistry meters, Clock clock) {
    ProcessedEventLedger ledger = new ProcessedEventLedger(store, Stage.IMAGING_INFERENCE, 10_000);
    StageConsumer<ImagePreprocessed> stage = new StageConsumer<>(Stage.IMAGING_INFERENCE,
        EventType.IMAGE_PREPROCESSED, ledger, new EventSender(deadLetters), meters, clock);
    AtomicInteger threads = new AtomicInteger();
    this.io = Executors.newFixedThreadPool(Math.max(1, config.batch().ioThreads()), runnable -> {
      Thread thread = new Thread(runnable, "imaging-io-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    BatchScorer scorer = new BatchScorer(stage, ledger, new ScoreSender(out, config.batch().sendTimeout()),
        new TensorReader(store), heatMaps, config, meters, clock, io);
    this.pipeline = new ScoringPipeline(scorer, models, config.model().loadWait(), config.batch().maxInFlight(),
        meters, steps);
  }

  /** Returns what each pipeline step is working on, for the liveness check. */
  public StepWatch steps() {
    return steps;
  }

  @Incoming("image-preprocessed")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    @SuppressWarnings("unchecked")
    ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
        .map(metadata -> (ConsumerRecords<String, byte[]>) metadata.getRecords())
        .orElseThrow(() -> new IllegalStateException("the image-preprocessed channel must run with batch=true"));
    return pipeline.submit(batch, records);
  }

  @PreDestroy
  void stop() {
    pipeline.stop();
    io.shutdownNow();
  }
}
