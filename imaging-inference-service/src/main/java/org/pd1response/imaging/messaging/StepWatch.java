package org.pd1response.imaging.messaging;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Records which batch each pipeline step is working on and since when, so that a step that
 * never returns, such as an ONNX Runtime call that hangs, can be found. Each step runs on one
 * thread, so a step has at most one running batch.
 */
public final class StepWatch {

  /** A step that has been working on one batch for {@code elapsed}. */
  public record Running(String step, long batchSequence, Duration elapsed) {}

  private record Started(long batchSequence, long nanos) {}

  private final Map<String, Started> running = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  public StepWatch(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Records that {@code step} started working on a batch; replaces what the step ran before. */
  public void started(String step, long batchSequence) {
    running.put(step, new Started(batchSequence, nanoTime.getAsLong()));
  }

  /** Records that {@code step} finished its batch. */
  public void finished(String step) {
    running.remove(step);
  }

  /** Returns the step that has been running longest if it has run for more than {@code limit}. */
  public Optional<Running> longestOver(Duration limit) {
    long now = nanoTime.getAsLong();
    return running.entrySet().stream()
        .map(entry -> new Running(entry.getKey(), entry.getValue().batchSequence(),
            Duration.ofNanos(now - entry.getValue().nanos())))
        .filter(step -> step.elapsed().compareTo(limit) > 0)
        .max(Comparator.comparing(Running::elapsed));
  }
}
