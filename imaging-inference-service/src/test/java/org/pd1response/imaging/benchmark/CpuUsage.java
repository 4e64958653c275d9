package org.pd1response.imaging.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM between two snapshots: the process total and the Java threads grouped by
 * name, digits removed. The benchmark's broker and S3 server run in this JVM, so the groups show
 * what shares the CPUs with ONNX Runtime. CPU time of ONNX Runtime's native worker threads, the
 * garbage collector and the JIT compiler is not visible per thread and is reported as the rest.
 */
final class CpuUsage {

  static final String NATIVE_AND_VM = "native and VM threads (ONNX Runtime workers, GC, JIT)";

  private final long processNanos;
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> threadNames;

  private CpuUsage(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> threadNames) {
    this.processNanos = processNanos;
    this.threadNanos = threadNanos;
    this.threadNames = threadNames;
  }

  /** Takes a snapshot of the process and thread CPU times. */
  static CpuUsage now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      var info = threads.getThreadInfo(id);
      if (cpu >= 0 && info != null) {
        nanos.put(id, cpu);
        names.put(id, info.getThreadName());
      }
    }
    return new CpuUsage(processCpuNanos(), nanos, names);
  }

  /** Returns the process CPU time since {@code before}, in milliseconds per image. */
  double processMillisPerImage(CpuUsage before, long images) {
    return (processNanos - before.processNanos) / 1e6 / images;
  }

  /**
   * Returns the CPU milliseconds per image since {@code before} of the {@code top} busiest thread
   * groups, then the rest of the Java threads and the native and VM threads.
   */
  String groupsPerImage(CpuUsage before, long images, int top) {
    Map<String, Long> groups = new HashMap<>();
    long javaTotal = 0;
    for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
      long delta = thread.getValue() - before.threadNanos.getOrDefault(thread.getKey(), 0L);
      javaTotal += delta;
      groups.merge(threadNames.get(thread.getKey()).replaceAll("\\d+", "#"), delta, Long::sum);
    }
    Map<String, Long> busiest = groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    long busiestTotal = busiest.values().stream().mapToLong(Long::longValue).sum();
    busiest.put("other Java threads", javaTotal - busiestTotal);
    busiest.put(NATIVE_AND_VM, Math.max(0, processNanos - before.processNanos - javaTotal));
    return busiest.entrySet().stream()
        .map(group -> String.format(Locale.ROOT, "`%s` %.2f", group.getKey(), group.getValue() / 1e6 / images))
        .collect(Collectors.joining(", "));
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
