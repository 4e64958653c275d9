package org.pd1response.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prometheus metric names that the pipeline's code registers with Micrometer, found by reading the
 * Java sources of every module, plus those of the Kafka Exporter that Strimzi deploys.
 *
 * <p>Micrometer's Prometheus registry replaces dots by underscores, adds {@code _total} to
 * counters, {@code _seconds} to timers and the {@code _count}, {@code _sum}, {@code _max} and
 * {@code _bucket} series to timers and distribution summaries. A name built at run time, not from
 * a string literal, is not found.
 */
final class EmittedMetrics {

  /** Series of the Kafka Exporter (Strimzi's kafkaExporter, danielqsj/kafka-exporter in compose). */
  static final Set<String> KAFKA_EXPORTER = Set.of("kafka_consumergroup_lag", "kafka_topic_partition_current_offset");

  private static final Pattern COUNTER = Pattern.compile("(?:Counter\\.builder|\\.counter)\\(\\s*\"([a-z0-9_.]+)\"");
  private static final Pattern TIMER = Pattern.compile("(?:Timer\\.builder|\\.timer)\\(\\s*\"([a-z0-9_.]+)\"");
  private static final Pattern GAUGE = Pattern.compile("(?:Gauge\\.builder|\\.gauge)\\(\\s*\"([a-z0-9_.]+)\"");
  private static final Pattern SUMMARY =
      Pattern.compile("(?:DistributionSummary\\.builder|\\.summary)\\(\\s*\"([a-z0-9_.]+)\"");

  private EmittedMetrics() {}

  static Set<String> find(Path repositoryRoot) {
    Set<String> names = new HashSet<>(KAFKA_EXPORTER);
    try (Stream<Path> files = Files.walk(repositoryRoot)) {
      for (Path file : files.filter(EmittedMetrics::isMainJavaSource).toList()) {
        String source = Files.readString(file);
        for (String name : matches(COUNTER, source)) {
          names.add(name + "_total");
        }
        for (String name : matches(TIMER, source)) {
          addDistribution(names, name + "_seconds");
        }
        for (String name : matches(SUMMARY, source)) {
          addDistribution(names, name);
        }
        names.addAll(matches(GAUGE, source));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Java sources below " + repositoryRoot + " failed", e);
    }
    return names;
  }

  private static boolean isMainJavaSource(Path file) {
    String path = file.toString().replace('\\', '/');
    return path.endsWith(".java") && path.contains("/src/main/java/") && !path.contains("/target/");
  }

  private static void addDistribution(Set<String> names, String base) {
    for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
      names.add(base + suffix);
    }
  }

  private static List<String> matches(Pattern pattern, String source) {
    Matcher matcher = pattern.matcher(source);
    List<String> result = new java.util.ArrayList<>();
    while (matcher.find()) {
      result.add(matcher.group(1).replace('.', '_'));
    }
    return result;
  }
}
