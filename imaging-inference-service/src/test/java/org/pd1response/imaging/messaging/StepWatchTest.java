package org.pd1response.imaging.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StepWatchTest {

  static final Duration LIMIT = Duration.ofMinutes(5);

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final StepWatch steps = new StepWatch(now::get);

  @Test
  void stepWithinLimitIsNotReported() {
    steps.started("inference", 7);
    now.addAndGet(LIMIT.toNanos());

    assertTrue(steps.longestOver(LIMIT).isEmpty());
  }

  @Test
  void stepPastLimitIsReportedWithBatch() {
    steps.started("inference", 7);
    now.addAndGet(LIMIT.plusSeconds(1).toNanos());

    StepWatch.Running running = steps.longestOver(LIMIT).orElseThrow();

    assertEquals("inference", running.step());
    assertEquals(7, running.batchSequence());
    assertEquals(LIMIT.plusSeconds(1), running.elapsed());
  }

  @Test
  void finishedStepIsNotReported() {
    steps.started("publish", 3);
    now.addAndGet(LIMIT.plusSeconds(1).toNanos());
    steps.finished("publish");

    assertTrue(steps.longestOver(LIMIT).isEmpty());
  }

  @Test
  void longestRunningStepIsReported() {
    steps.started("publish", 3);
    now.addAndGet(Duration.ofMinutes(2).toNanos());
    steps.started("inference", 4);
    now.addAndGet(Duration.ofMinutes(4).toNanos());

    StepWatch.Running running = steps.longestOver(LIMIT).orElseThrow();

    assertEquals("publish", running.step());
    assertEquals(3, running.batchSequence());
    assertEquals(Duration.ofMinutes(6), running.elapsed());
  }

  @Test
  void nextBatchRestartsStepClock() {
    steps.started("read", 1);
    now.addAndGet(LIMIT.plusSeconds(1).toNanos());
    steps.started("read", 2);

    assertTrue(steps.longestOver(LIMIT).isEmpty());
  }
}
