package org.pd1response.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the local stack with its output in a log file. Stopping sends SIGTERM and
 * waits, then kills; the JVM's shutdown hook stops whatever is still running.
 */
final class ChildProcess implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
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
}
