package org.pd1response.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process of the local stack with its output in a log file. Stopping sends SIGTERM and
 * waits, then kills; the JVM's shutdown hook stops whatever is still running.
 */
final class ChildProcess implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Set<String> INFRASTRUCTURE = Set.of("kafka.pid", "s3.pid");

  private final String name;
  private final Process process;
  private final Path log;
  private Path pidFile;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Writes the process id to {@code folder/<name>.pid}, so that {@code ./pipeline stop} can end the
   * process when the command that started it was killed without running its shutdown hook.
   */
  void writePidFile(Path folder) throws IOException {
    pidFile = folder.resolve(name + ".pid");
    writePidFile(pidFile, process.pid());
  }

  /** Writes a process id to {@code file}, creating its folder. */
  static void writePidFile(Path file, long pid) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, Long.toString(pid), StandardCharsets.US_ASCII);
  }

  /**
   * Stops the processes listed in the pid files of {@code folder} and deletes the files. A process
   * whose command line does not mention {@code marker} is left alone, because its id may have been
   * reused by another program since the file was written.
   *
   * @return the names of the processes that were stopped
   */
  static List<String> stopFromPidFiles(Path folder, String marker) throws IOException {
    List<String> stopped = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return stopped;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      // Services first, then the broker and the S3 server they use, the order in which close() stops them.
      files = list.filter(file -> file.getFileName().toString().endsWith(".pid"))
          .sorted(Comparator.comparing((Path file) -> INFRASTRUCTURE.contains(file.getFileName().toString()))
              .thenComparing(Comparator.naturalOrder()))
          .toList();
    }
    for (Path file : files) {
      if (stopFromPidFile(file, marker, STOP_TIMEOUT)) {
        stopped.add(file.getFileName().toString().replaceFirst("\\.pid$", ""));
      }
    }
    return stopped;
  }

  /**
   * Stops the process named in one pid file if its command line mentions {@code marker}, waiting
   * up to {@code timeout} for it to exit before killing it, and deletes the file.
   *
   * @return whether a process was stopped
   */
  static boolean stopFromPidFile(Path file, String marker, Duration timeout) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()))
        .filter(process -> process.pid() != ProcessHandle.current().pid());
    boolean ours = handle.flatMap(ChildProcess::commandLine).map(line -> line.contains(marker)).orElse(false);
    if (ours) {
      ProcessHandle process = handle.get();
      process.destroy();
      try {
        process.onExit().get(timeout.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
    Files.deleteIfExists(file);
    return ours;
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    ChildProcess child = new ChildProcess(name, builder.start(), log);
    Runtime.getRuntime().addShutdownHook(new Thread(child::close, "stop-" + name));
    return child;
  }

  /** Runs a command to completion and fails when it exits with a non-zero status. */
  static void run(String name, List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IOException(name + " failed with exit status " + process.exitValue() + "; see " + log);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until an HTTP GET of the URL returns 200; fails after the timeout or when the process exits. */
  void awaitHttpOk(URI url, Duration timeout) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    int lastStatus = -1;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with status " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        lastStatus = response.statusCode();
        if (lastStatus == 200) {
          return;
        }
      } catch (IOException e) {
        lastStatus = -1;
      }
      Thread.sleep(500);
    }
    throw new IOException(name + " was not ready at " + url + " within " + timeout.toSeconds()
        + " s (last HTTP status " + lastStatus + "); see " + log);
  }

  @Override
  public void close() {
    deletePidFile();
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns a process's full command line. On Linux it is read from {@code /proc}, because
   * {@code ProcessHandle.Info} gave no command line for the broker, whose class path is long.
   */
  private static Optional<String> commandLine(ProcessHandle process) {
    Path procFile = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      return Optional.of(Files.readString(procFile, StandardCharsets.UTF_8).replace('\0', ' '));
    } catch (IOException e) {
      return process.info().commandLine();
    }
  }

  private void deletePidFile() {
    if (pidFile != null) {
      deletePidFile(pidFile);
    }
  }

  /** Deletes a pid file, reporting a failure on stderr instead of raising it, as shutdown hooks need. */
  static void deletePidFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println("could not delete " + file + ": " + e.getMessage());
    }
  }
}
