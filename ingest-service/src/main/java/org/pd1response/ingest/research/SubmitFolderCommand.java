package org.pd1response.ingest.research;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Submits a whole research folder to a running ingest service over REST, one request per image.
 *
 * <p>Layout: every PNG or JPEG file below the folder whose name does not contain {@code _mask} is an
 * image; its masks are the PNG or GIF files named {@code <image name>_mask.<ext>} or
 * {@code <image name>_mask_<n>.<ext>} in the image's folder or in a sibling {@code masks} folder
 * (the BUSI layout {@code <class>/images/<class> (<n>).png}, {@code <class>/masks/<class> (<n>)_mask.png}).
 * The image id is the path relative to the folder without extension. The label comes from the
 * first path segment through {@code --label SEGMENT=0|1}; images under unmapped segments get none.
 *
 * <pre>
 * java -cp ingest-service.jar org.pd1response.ingest.research.SubmitFolderCommand \
 *     --url http://localhost:8080 --cohort busi --folder /data/busi \
 *     --label malignant=1 --label benign=0 --label normal=0 [--threads 2]
 * </pre>
 */
public final class SubmitFolderCommand {

  private static final Pattern MASK = Pattern.compile(".*_mask(_\\d+)?\\.(png|gif)", Pattern.CASE_INSENSITIVE);

  /** Options of one run. */
  public record Options(URI url, String cohort, Path folder, Map<String, Integer> labels, int threads) {}

  /** One image's outcome: HTTP status and response body. */
  public record Submitted(String imageId, int masks, int status, String body) {}

  /** Summary of a run. */
  public record Summary(List<Submitted> submissions) {

    public long count(int status) {
      return submissions.stream().filter(s -> s.status() == status).count();
    }

    /** Number of submissions per HTTP status. */
    public Map<Integer, Long> byStatus() {
      Map<Integer, Long> counts = new TreeMap<>();
      submissions.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
      return counts;
    }
  }

  private SubmitFolderCommand() {}

  public static void main(String[] args) throws Exception {
    Summary summary = run(parse(args));
    System.out.println("submitted " + summary.submissions().size() + " image(s); by HTTP status: " + summary.byStatus());
    summary.submissions().stream().filter(s -> s.status() >= 400)
        .forEach(s -> System.out.println("rejected " + s.imageId() + ": " + s.body()));
    System.exit(summary.submissions().stream().anyMatch(s -> s.status() >= 400) ? 1 : 0);
  }

  /** Parses command-line options; see the class javadoc. */
  public static Options parse(String[] args) {
    Map<String, Integer> labels = new LinkedHashMap<>();
    URI url = null;
    String cohort = null;
    Path folder = null;
    int threads = 2;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--url" -> url = URI.create(require(args[i], value));
        case "--cohort" -> cohort = require(args[i], value);
        case "--folder" -> folder = Path.of(require(args[i], value));
        case "--threads" -> threads = Integer.parseInt(require(args[i], value));
        case "--label" -> {
          String[] pair = require(args[i], value).split("=", 2);
          if (pair.length != 2 || !pair[1].matches("[01]")) {
            throw new IllegalArgumentException("--label must have the form SEGMENT=0 or SEGMENT=1, found '" + value + "'");
          }
          labels.put(pair[0], Integer.valueOf(pair[1]));
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i]
            + "'; expected --url, --cohort, --folder, --label or --threads");
      }
      i++;
    }
    if (url == null || cohort == null || folder == null) {
      throw new IllegalArgumentException("--url, --cohort and --folder are required");
    }
    return new Options(url, cohort, folder, labels, threads);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** Submits every image of the folder and returns each outcome, in image-id order. */
  public static Summary run(Options options) throws IOException, InterruptedException {
    List<Path> images;
    try (Stream<Path> walk = Files.walk(options.folder())) {
      images = walk.filter(Files::isRegularFile)
          .filter(path -> isImage(path.getFileName().toString()))
          .sorted()
          .toList();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      List<Future<Submitted>> futures = new ArrayList<>();
      for (Path image : images) {
        futures.add(pool.submit(() -> submit(http, options, image)));
      }
      List<Submitted> results = new ArrayList<>();
      for (Future<Submitted> future : futures) {
        try {
          results.add(future.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("submitting an image failed: " + e.getCause(), e.getCause());
        }
      }
      return new Summary(results);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Mask files of an image, in name order. */
  public static List<Path> masksOf(Path image) throws IOException {
    String name = image.getFileName().toString();
    String stem = name.substring(0, name.lastIndexOf('.'));
    List<Path> folders = new ArrayList<>(List.of(image.getParent()));
    Path sibling = image.getParent().resolveSibling("masks");
    if (Files.isDirectory(sibling)) {
      folders.add(sibling);
    }
    List<Path> masks = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> files = Files.list(folder)) {
        files.filter(path -> {
          String candidate = path.getFileName().toString();
          return candidate.startsWith(stem + "_mask") && MASK.matcher(candidate).matches()
              && candidate.substring(stem.length()).matches("_mask(_\\d+)?\\.(?i)(png|gif)");
        }).sorted().forEach(masks::add);
      }
    }
    return masks;
  }

  private static boolean isImage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg")) && !MASK.matcher(name).matches();
  }

  private static Submitted submit(HttpClient http, Options options, Path image) throws IOException, InterruptedException {
    String relative = options.folder().relativize(image).toString().replace('\\', '/');
    String imageId = relative.substring(0, relative.lastIndexOf('.'));
    Integer label = options.labels().get(relative.split("/")[0]);
    List<Path> masks = masksOf(image);
    String boundary = "pd1-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    field(body, boundary, "cohort", options.cohort());
    field(body, boundary, "imageId", imageId);
    if (label != null) {
      field(body, boundary, "label", label.toString());
    }
    file(body, boundary, "image", image);
    for (Path mask : masks) {
      file(body, boundary, "mask", mask);
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(options.url().resolve("/research/cases"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Submitted(imageId, masks.size(), response.statusCode(), response.body());
  }

  private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void file(ByteArrayOutputStream body, String boundary, String name, Path path) throws IOException {
    String fileName = path.getFileName().toString().replace("\"", "");
    String lower = fileName.toLowerCase(Locale.ROOT);
    String type = lower.endsWith(".gif") ? "image/gif" : lower.endsWith(".png") ? "image/png" : "image/jpeg";
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
        + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(path));
    body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
  }
}
