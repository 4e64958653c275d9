package org.pd1response.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @TempDir Path state;

  @Test
  void stopEndsProcessFromPidFile() throws IOException {
    ChildProcess child = ChildProcess.start("sleeper", List.of("bash", "-c", "sleep 300; echo " + state),
        Map.of(), state.resolve("sleeper.log"));
    child.writePidFile(state.resolve("pids"));

    List<String> stopped = ChildProcess.stopFromPidFiles(state.resolve("pids"), state.toString());

    assertEquals(List.of("sleeper"), stopped);
    assertFalse(child.isAlive());
    assertFalse(Files.exists(state.resolve("pids/sleeper.pid")));
  }

  @Test
  void stopLeavesProcessWithoutMarkerRunning() throws IOException {
    ChildProcess child = ChildProcess.start("other", List.of("sleep", "300"), Map.of(), state.resolve("other.log"));
    try {
      child.writePidFile(state.resolve("pids"));

      List<String> stopped = ChildProcess.stopFromPidFiles(state.resolve("pids"), state.toString());

      assertEquals(List.of(), stopped);
      assertTrue(child.isAlive());
      assertFalse(Files.exists(state.resolve("pids/other.pid")));
    } finally {
      child.close();
    }
  }

  @Test
  void stopEndsCommandFromItsPidFile() throws IOException {
    ChildProcess command = ChildProcess.start("command", List.of("bash", "-c", "sleep 300; echo PipelineCommand up"),
        Map.of(), state.resolve("command.log"));
    command.writePidFile(state.resolve("pids"));

    boolean stopped = ChildProcess.stopFromPidFile(state.resolve("pids/command.pid"), "PipelineCommand",
        Duration.ofSeconds(20));

    assertTrue(stopped);
    assertFalse(command.isAlive());
    assertFalse(Files.exists(state.resolve("pids/command.pid")));
  }

  @Test
  void stopSkipsMissingPidFile() throws IOException {
    assertFalse(ChildProcess.stopFromPidFile(state.resolve("pids/none.pid"), "PipelineCommand", Duration.ofSeconds(1)));
  }

  @Test
  void closeDeletesPidFile() throws IOException {
    ChildProcess child = ChildProcess.start("short", List.of("sleep", "300"), Map.of(), state.resolve("short.log"));
    child.writePidFile(state.resolve("pids"));
    String pid = Files.readString(state.resolve("pids/short.pid"), StandardCharsets.US_ASCII);

    child.close();

    assertFalse(pid.isBlank());
    assertFalse(Files.exists(state.resolve("pids/short.pid")));
  }
}
