package org.pd1response.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Records every committed record of the given topics from their beginning, on a thread of its
 * own, so that a test can wait for one event while it goes on submitting others. Reads with
 * {@code read_committed}, as a dashboard reads predictions, so records of aborted transactions
 * never count.
 */
final class PipelineEvents implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  PipelineEvents(String bootstrapServers, List<String> topics) {
    consumer = PredictionWatcher.consumer(bootstrapServers);
    consumer.subscribe(topics);
    poller = new Thread(this::poll, "pipeline-events");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    try {
      while (running) {
        var batch = consumer.poll(POLL);
        synchronized (records) {
          batch.forEach(records::add);
          records.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // close() stops the loop this way.
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  /** Number of records seen so far; pass it to {@link #await} to wait only for later ones. */
  int size() {
    synchronized (records) {
      return records.size();
    }
  }

  /** Returns every record seen so far, in arrival order. */
  List<ConsumerRecord<String, byte[]>> snapshot() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /**
   * Waits for the first record at or after position {@code from} that matches the filter.
   *
   * @return the record, or empty when none arrived within the timeout
   */
  Optional<ConsumerRecord<String, byte[]>> await(int from, Predicate<ConsumerRecord<String, byte[]>> filter,
      Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    int next = from;
    synchronized (records) {
      while (true) {
        requireRunning();
        for (; next < records.size(); next++) {
          if (filter.test(records.get(next))) {
            return Optional.of(records.get(next));
          }
        }
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          return Optional.empty();
        }
        records.wait(Math.min(left, POLL.toMillis()));
      }
    }
  }

  /**
   * Waits until {@code done} holds for the records seen so far, checking after each batch.
   *
   * @return whether it held before the timeout
   */
  boolean awaitState(Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      requireRunning();
      if (done.test(snapshot())) {
        return true;
      }
      synchronized (records) {
        records.wait(POLL.toMillis() * 5);
      }
    }
    return done.test(snapshot());
  }

  /** Waits until no record has arrived for {@code quiet}, so that late duplicates would be seen. */
  void awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    int seen = size();
    Instant quietUntil = Instant.now().plus(quiet);
    while (Instant.now().isBefore(deadline) && Instant.now().isBefore(quietUntil)) {
      Thread.sleep(POLL.toMillis());
      int now = size();
      if (now != seen) {
        seen = now;
        quietUntil = Instant.now().plus(quiet);
      }
    }
  }

  private void requireRunning() {
    if (failure != null) {
      throw new IllegalStateException("reading the pipeline's topics failed", failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    poller.join(Duration.ofSeconds(10).toMillis());
  }
}
