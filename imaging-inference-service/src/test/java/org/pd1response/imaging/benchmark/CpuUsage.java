package org.pd1response.imaging.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this JVM between two snapshots: the process total and every operating-system thread
 * of the process grouped by name, digits removed. The benchmark's broker and S3 server run in this
 * JVM, so the groups show what shares the CPUs with ONNX Runtime. Threads are read from
 * {@code /proc/self/task}, which also lists the garbage collector's and the JIT compiler's
 * threads; Java's thread bean would hide them. Linux names a thread after the first 15
 * characters of its Java name.
 */
final class CpuUsage {

  /**
   * Length of the clock tick (USER_HZ) that /proc counts CPU time in. It is 1/100 s on the
   * benchmark machine ({@code getconf CLK_TCK}); a kernel with another value would scale the groups.
   */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final Path TASKS = Path.of("/proc/self/task");

  private final long processNanos;
  private final Map<String, Long> threadTicks;
  private final Map<String, String> threadNames;

  private CpuUsage(long processNanos, Map<String, Long> threadTicks, Map<String, String> threadNames) {
    this.processNanos = processNanos;
    this.threadTicks = threadTicks;
    this.threadNames = threadNames;
  }

  /** Takes a snapshot of the process and thread CPU times. */
  static CpuUsage now() {
    Map<String, Long> ticks = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    if (Files.isDirectory(TASKS)) {
      try (Stream<Path> tasks = Files.list(TASKS)) {
        tasks.forEach(task -> readTask(task, ticks, names));
      } catch (IOException e) {
        ticks.clear();
      }
    }
    return new CpuUsage(processCpuNanos(), ticks, names);
  }

  /** Returns the process CPU time since {@code before}, in milliseconds per image. */
  double processMillisPerImage(CpuUsage before, long images) {
    return (processNanos - before.processNanos) / 1e6 / images;
  }

  /**
   * Returns the CPU milliseconds per image since {@code before} of the {@code top} busiest thread
   * groups, then the rest of the threads, and the threads that ended between the snapshots.
   */
  String groupsPerImage(CpuUsage before, long images, int top) {
    if (threadTicks.isEmpty()) {
      return "unknown (no /proc/self/task on this system)";
    }
    Map<String, Long> groups = new HashMap<>();
    long threadTotal = 0;
    for (Map.Entry<String, Long> thread : threadTicks.entrySet()) {
      long delta = (thread.getValue() - before.threadTicks.getOrDefault(thread.getKey(), 0L)) * NANOS_PER_TICK;
      threadTotal += delta;
      groups.merge(threadNames.get(thread.getKey()).replaceAll("\\d+", "#"), delta, Long::sum);
    }
    Map<String, Long> busiest = groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    long busiestTotal = busiest.values().stream().mapToLong(Long::longValue).sum();
    busiest.put("other threads", threadTotal - busiestTotal);
    busiest.put("threads that ended", Math.max(0, processNanos - before.processNanos - threadTotal));
    return busiest.entrySet().stream()
        .map(group -> String.format(Locale.ROOT, "`%s` %.2f", group.getKey(), group.getValue() / 1e6 / images))
        .collect(Collectors.joining(", "));
  }

  /**
   * Reads one line of the form {@code tid (name) state ...} where the 12th and 13th fields after
   * the closing parenthesis are the user and system CPU ticks. The name may contain spaces and
   * parentheses, so the line is split at the last one.
   */
  private static void readTask(Path task, Map<String, Long> ticks, Map<String, String> names) {
    try {
      String line = Files.readString(task.resolve("stat"));
      int open = line.indexOf('(');
      int close = line.lastIndexOf(')');
      String[] fields = line.substring(close + 2).trim().split(" ");
      String tid = task.getFileName().toString();
      ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
      names.put(tid, line.substring(open + 1, close));
    } catch (IOException e) {
      // The thread ended while the directory was listed; its time shows as ended threads.
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
