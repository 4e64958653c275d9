package org.pd1response.imaging.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.pd1response.contracts.EventEnvelope;
import org.pd1response.contracts.events.ImagePreprocessed;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.imaging.model.ModelManager;

/**
 * One Kafka poll on its way through the scoring pipeline. Each step runs on its own thread, and
 * a step hands the batch to the next one only after it has finished with it, so the fields need
 * no locking.
 */
final class ScoringBatch {

  /** One decoded event; {@code tensor} is set once it was read. */
  static final class Item {
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

  final long sequence;
  final KafkaRecordBatch<String, byte[]> message;
  final ConsumerRecords<String, byte[]> records;
  /** Event ids this batch reserved against concurrent batches; released when it finishes. */
  final List<String> reservedIds = new ArrayList<>();
  /** The session that scores the whole batch; held from the tensor reads to the acknowledgement. */
  ModelManager.Lease lease;
  /** Events still to be scored; rejected and duplicate events are removed on the way. */
  List<Item> items = List.of();
  ImagingSession.BatchOutput output;
  /** An unexpected failure; the batch is then negatively acknowledged instead of acknowledged. */
  Throwable failure;
  /** Set once the batch has left the pipeline; guarded by the pipeline's lock. */
  boolean released;

  ScoringBatch(long sequence, KafkaRecordBatch<String, byte[]> message, ConsumerRecords<String, byte[]> records) {
    this.sequence = sequence;
    this.message = message;
    this.records = records;
  }

  boolean failed() {
    return failure != null;
  }
}
