package org.pd1response.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Orthanc 1.10 with the DICOMweb and GDCM plugins, started for the tests inside a network
 * namespace of its own, because Orthanc has no bind-address option and would otherwise listen on
 * every interface of the machine. The JVM reaches it through a veth pair on a private /30 that only
 * this namespace uses, and Orthanc reaches back to {@link #HOST_ADDRESS}, where a test may bind a
 * server that Orthanc's Lua callbacks call. At most one server runs per JVM: either the shared one
 * of {@link #get()}, stopped (and the namespace deleted) at JVM exit, or one of {@link #start(String)}
 * that its caller closes. Needs root (for {@code ip netns}) and the Debian packages orthanc,
 * orthanc-dicomweb and orthanc-gdcm.
 */
public final class OrthancServer implements AutoCloseable {

  /** Address of the JVM's end of the veth pair. */
  public static final String HOST_ADDRESS = "10.213.47.1";
  /** Address of Orthanc's end, inside the namespace. */
  public static final String ORTHANC_ADDRESS = "10.213.47.2";
  public static final int HTTP_PORT = 18042;
  public static final int DICOM_PORT = 14242;

  private static final String NAMESPACE_PREFIX = "pd1-orthanc-";

  private static OrthancServer instance;
  private static OrthancServer owned;

  private final String namespace;
  private final String hostLink;
  private final Process process;
  private final Path directory;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private volatile boolean closed;

  private OrthancServer(String namespace, String hostLink, Process process, Path directory) {
    this.namespace = namespace;
    this.hostLink = hostLink;
    this.process = process;
    this.directory = directory;
  }

  /** Returns the server of this JVM and starts it on first use. */
  public static synchronized OrthancServer get() {
    if (instance == null) {
      requireNoOwnedServer();
      instance = launch(null);
      OrthancServer started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "orthanc-shutdown"));
    }
    return instance;
  }

  /**
   * Starts a server that the caller owns and closes, with a Lua script loaded at start-up (such as
   * an {@code OnStableStudy} callback that posts to a webhook on {@link #HOST_ADDRESS}). A JVM
   * shutdown hook closes it too, if the caller did not.
   *
   * @throws IllegalStateException when another Orthanc of this JVM still runs, because both would
   *     need the same namespace, addresses and ports
   */
  public static synchronized OrthancServer start(String luaScript) {
    if (instance != null) {
      throw new IllegalStateException("the shared Orthanc of this JVM still runs; stop it with stopShared() first");
    }
    requireNoOwnedServer();
    OrthancServer server = launch(luaScript);
    owned = server;
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "orthanc-shutdown"));
    return server;
  }

  private static void requireNoOwnedServer() {
    if (owned != null && !owned.closed) {
      throw new IllegalStateException("an Orthanc started with start(String) still runs in this JVM; close it first");
    }
  }

  /** REST root, such as {@code http://10.213.47.2:18042}. */
  public String url() {
    return "http://" + ORTHANC_ADDRESS + ":" + HTTP_PORT;
  }

  public String dicomWebUrl() {
    return url() + "/dicom-web";
  }

  /** Stops the server of this JVM, if one runs; the test resource calls it when the application stops. */
  public static synchronized void stopShared() {
    if (instance != null) {
      instance.close();
      instance = null;
    }
  }

  private static OrthancServer launch(String luaScript) {
    removeStaleNamespaces();
    long pid = ProcessHandle.current().pid();
    String namespace = NAMESPACE_PREFIX + pid;
    String hostLink = "pd1i" + (pid % 100000) + "h";
    String nsLink = "pd1i" + (pid % 100000) + "n";
    try {
      Path directory = Files.createTempDirectory("orthanc-test");
      Files.createDirectories(directory.resolve("db"));
      Path config = directory.resolve("orthanc.json");
      String luaScripts = "[]";
      if (luaScript != null) {
        Path script = directory.resolve("callbacks.lua");
        Files.writeString(script, luaScript);
        luaScripts = new ObjectMapper().writeValueAsString(List.of(script.toString()));
      }
      Files.writeString(config, """
          {
            "Name": "pd1-ingest-test",
            "StorageDirectory": "%1$s/db",
            "IndexDirectory": "%1$s/db",
            "HttpPort": %2$d,
            "DicomPort": %3$d,
            "RemoteAccessAllowed": true,
            "AuthenticationEnabled": false,
            "StableAge": 1,
            "HttpTimeout": 30,
            "StorageCompression": false,
            "KeepAliveTimeout": 60,
            "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so",
                        "/usr/share/orthanc/plugins/libOrthancGdcm.so"],
            "Gdcm": {"Enable": true},
            "DicomWeb": {"Enable": true, "Root": "/dicom-web/"},
            "LuaScripts": %4$s
          }
          """.formatted(directory, HTTP_PORT, DICOM_PORT, luaScripts));
      run("ip", "netns", "add", namespace);
      run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
      run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
      run("ip", "link", "set", nsLink, "netns", namespace);
      run("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", hostLink);
      run("ip", "link", "set", hostLink, "up");
      run("ip", "netns", "exec", namespace, "ip", "addr", "add", ORTHANC_ADDRESS + "/30", "dev", nsLink);
      run("ip", "netns", "exec", namespace, "ip", "link", "set", nsLink, "up");
      Process process = new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/sbin/Orthanc", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(directory.resolve("orthanc.log").toFile())
          .start();
      OrthancServer server = new OrthancServer(namespace, hostLink, process, directory);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("starting Orthanc failed", e);
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Orthanc exited with " + process.exitValue() + "; see " + directory.resolve("orthanc.log"));
      }
      try {
        if (get("/system").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(200);
    }
    throw new IllegalStateException("Orthanc did not answer on " + url() + " within 30 s");
  }

  /** Result of an upload: the HTTP status and Orthanc's response body. */
  public record Upload(int status, JsonNode body) {

    /** Whether Orthanc stored the instance (a second copy of a stored SOP instance is not stored). */
    public boolean stored() {
      return status == 200 && "Success".equals(body.path("Status").asText());
    }
  }

  /** Uploads a DICOM file through Orthanc's REST API. */
  public Upload upload(byte[] dicom) {
    try {
      HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url() + "/instances"))
          .timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofByteArray(dicom)).build());
      JsonNode body = response.body().length == 0 ? json.createObjectNode() : readJson(response.body());
      return new Upload(response.statusCode(), body);
    } catch (IOException e) {
      // Orthanc closes the connection without a response for some malformed files.
      return new Upload(0, json.createObjectNode().put("Message", "connection closed without an answer: " + e.getMessage()));
    }
  }

  /** Orthanc's JSON for a REST path, such as {@code /studies/<id>}. */
  public JsonNode json(String path) {
    try {
      HttpResponse<byte[]> response = get(path);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered HTTP " + response.statusCode());
      }
      return readJson(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes every patient, so that files sharing UIDs can be uploaded one after another. */
  public void deleteAll() {
    for (JsonNode id : json("/patients")) {
      try {
        send(HttpRequest.newBuilder(URI.create(url() + "/patients/" + id.asText())).DELETE().build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Whether the Orthanc process still runs (it must survive every file). */
  public boolean isAlive() {
    return process.isAlive();
  }

  private HttpResponse<byte[]> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  /**
   * Sends a request, and once more when the first attempt finds a connection that Orthanc closed
   * after its keep-alive time-out. Every request of this class is idempotent, so a resend is safe.
   */
  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private JsonNode readJson(byte[] body) throws IOException {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return json.createObjectNode().put("raw", new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** Deletes namespaces (and their veth ends) left by test JVMs that died before cleaning up. */
  private static void removeStaleNamespaces() {
    try {
      Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      String output = new String(list.getInputStream().readAllBytes());
      list.waitFor(10, TimeUnit.SECONDS);
      for (String line : output.split("\n")) {
        String name = line.split(" ")[0];
        if (!name.startsWith(NAMESPACE_PREFIX)) {
          continue;
        }
        long owner = Long.parseLong(name.substring(NAMESPACE_PREFIX.length()));
        if (ProcessHandle.of(owner).isEmpty()) {
          for (String[] command : List.of(new String[] {"ip", "link", "del", "pd1i" + (owner % 100000) + "h"},
              new String[] {"ip", "netns", "del", name})) {
            try {
              run(command);
            } catch (RuntimeException e) {
              System.err.println("removing a stale test namespace: " + e.getMessage());
            }
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.err.println("listing network namespaces failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> failures = new ArrayList<>();
    for (String[] command : List.of(new String[] {"ip", "link", "del", hostLink},
        new String[] {"ip", "netns", "del", namespace})) {
      try {
        run(command);
      } catch (RuntimeException e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      System.err.println("cleaning up Orthanc's network namespace failed: " + failures);
    }
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", command) + " could not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
