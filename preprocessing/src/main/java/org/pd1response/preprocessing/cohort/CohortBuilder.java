package org.pd1response.preprocessing.cohort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;
import org.pd1response.contracts.CaseIds;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.PreprocessedImage;
import org.pd1response.preprocessing.PreprocessingException;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.preprocessing.Preprocessor;
import org.pd1response.preprocessing.tensor.NpyFormat;

/**
 * Runs the preprocessing over a listed cohort and writes the cohort output: {@code manifest.csv},
 * {@code tensors/<case_id>.npy}, {@code preprocessing.json} with its {@code preprocessing.sha256},
 * and the reports {@code duplicates.csv}, {@code rejected.csv} and {@code report.json}.
 *
 * <p>Exact duplicates are images with the same SHA-256 of their file bytes. Duplicates with one
 * label form one unit that goes to one split, and every copy after the first names the first in
 * {@code duplicate_of}. Duplicates whose labels differ are left out of the manifest. Images that
 * the preprocessing rejects are left out too, before the splits are assigned.
 */
public final class CohortBuilder {

  private static final Logger LOG = Logger.getLogger(CohortBuilder.class);

  /**
   * Settings of one cohort run.
   *
   * @param cohort cohort name that goes into case ids, such as {@code busi}
   * @param threads images preprocessed in parallel
   */
  public record Options(String cohort, CaseIds caseIds, PreprocessingParameters parameters, ImageLimits limits,
      long seed, SplitRatios ratios, int threads) {}

  /** Summary of a run; the same figures go to {@code report.json}. */
  public record Summary(int listed, int written, int rejected, int duplicateGroups, int conflictingExcluded,
      Map<String, Integer> perSplitAndLabel) {}

  private record Entry(CohortImage image, String caseId, String sha256) {}

  private record Outcome(Entry entry, PreprocessingException rejection) {}

  private final Options options;

  public CohortBuilder(Options options) {
    this.options = options;
  }

  /**
   * Builds the cohort into {@code output}, which must be absent or empty.
   *
   * @throws IllegalArgumentException when the output folder contains files
   */
  public Summary build(List<CohortImage> images, Path output) throws IOException, InterruptedException {
    prepare(output);
    List<Entry> entries = new ArrayList<>();
    for (CohortImage image : images) {
      entries.add(new Entry(image, options.caseIds().forResearchImage(options.cohort(), image.imageId()),
          sha256(Files.readAllBytes(image.imageFile()))));
    }

    Map<String, List<Entry>> bySha = new LinkedHashMap<>();
    entries.forEach(entry -> bySha.computeIfAbsent(entry.sha256(), key -> new ArrayList<>()).add(entry));
    List<String[]> duplicateRows = new ArrayList<>();
    List<Entry> kept = new ArrayList<>();
    int conflicting = 0;
    for (List<Entry> group : bySha.values()) {
      if (group.size() > 1) {
        boolean oneLabel = group.stream().map(e -> e.image().label()).distinct().count() == 1;
        String action = oneLabel ? "kept in one split" : "excluded: conflicting labels";
        for (Entry entry : group) {
          duplicateRows.add(new String[] {entry.sha256(), entry.image().sourceFile(), labelText(entry.image().label()),
              action});
        }
        LOG.warnf("Exact duplicate images (SHA-256 %s): %s, %s", group.get(0).sha256(),
            group.stream().map(e -> e.image().sourceFile() + " label " + labelText(e.image().label())).toList(),
            action);
        if (!oneLabel) {
          conflicting += group.size();
          continue;
        }
      }
      kept.addAll(group);
    }

    List<Outcome> outcomes = preprocessAll(kept, output.resolve("tensors"));
    List<String[]> rejectedRows = new ArrayList<>();
    Map<String, Entry> written = new LinkedHashMap<>();
    for (Outcome outcome : outcomes) {
      if (outcome.rejection() != null) {
        rejectedRows.add(new String[] {outcome.entry().image().sourceFile(), outcome.rejection().code().name(),
            outcome.rejection().getMessage()});
      } else {
        written.put(outcome.entry().caseId(), outcome.entry());
      }
    }

    Map<String, String> firstBySha = new LinkedHashMap<>();
    List<SplitAssigner.Unit> units = new ArrayList<>();
    for (Entry entry : written.values()) {
      if (firstBySha.putIfAbsent(entry.sha256(), entry.caseId()) == null) {
        units.add(new SplitAssigner.Unit(entry.sha256(), entry.image().label()));
      }
    }
    Map<String, Split> splits = SplitAssigner.assign(units, options.seed(), options.ratios());

    List<String[]> manifest = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Entry entry : written.values()) {
      Split split = splits.get(entry.sha256());
      String first = firstBySha.get(entry.sha256());
      manifest.add(new String[] {entry.caseId(), labelText(entry.image().label()), split.manifestName(),
          entry.image().sourceFile(), String.join(";", entry.image().maskSourceFiles()), entry.sha256(),
          "tensors/" + entry.caseId() + ".npy", first.equals(entry.caseId()) ? "" : first});
      counts.merge(split.manifestName() + "/label=" + labelText(entry.image().label()), 1, Integer::sum);
    }

    manifest.sort(java.util.Comparator.comparing(row -> row[3]));
    CsvWriter.write(output.resolve("manifest.csv"), List.of("case_id", "label", "split", "source_file", "mask_files",
        "sha256", "tensor_file", "duplicate_of"), manifest);
    CsvWriter.write(output.resolve("duplicates.csv"), List.of("sha256", "source_file", "label", "action"),
        duplicateRows);
    CsvWriter.write(output.resolve("rejected.csv"), List.of("source_file", "code", "reason"), rejectedRows);
    byte[] parameters = options.parameters().canonicalJson();
    Files.write(output.resolve("preprocessing.json"), parameters);
    Files.writeString(output.resolve("preprocessing.sha256"), options.parameters().sha256(), StandardCharsets.UTF_8);

    Summary summary = new Summary(images.size(), manifest.size(), rejectedRows.size(),
        (int) bySha.values().stream().filter(group -> group.size() > 1).count(), conflicting, counts);
    Files.writeString(output.resolve("report.json"), reportJson(summary), StandardCharsets.UTF_8);
    return summary;
  }

  private List<Outcome> preprocessAll(List<Entry> entries, Path tensors) throws InterruptedException, IOException {
    Files.createDirectories(tensors);
    Preprocessor preprocessor = new Preprocessor(options.parameters(), options.limits());
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Entry entry : entries) {
        futures.add(pool.submit(() -> preprocessOne(preprocessor, entry, tensors)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          outcomes.add(futures.get(i).get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("preprocessing " + entries.get(i).image().sourceFile() + " failed", e.getCause());
        }
        if ((i + 1) % 100 == 0) {
          LOG.infof("Preprocessed %d of %d images", i + 1, futures.size());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome preprocessOne(Preprocessor preprocessor, Entry entry, Path tensors) {
    try {
      byte[] image = Files.readAllBytes(entry.image().imageFile());
      List<byte[]> masks = new ArrayList<>();
      for (Path mask : entry.image().maskFiles()) {
        masks.add(Files.readAllBytes(mask));
      }
      PreprocessedImage result = preprocessor.process(image, masks);
      Files.write(tensors.resolve(entry.caseId() + ".npy"), NpyFormat.writeFloat32(result.tensor(), result.shape()));
      return new Outcome(entry, null);
    } catch (PreprocessingException e) {
      LOG.warnf("Rejected %s: %s %s", entry.image().sourceFile(), e.code(), e.getMessage());
      return new Outcome(entry, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void prepare(Path output) throws IOException {
    if (Files.isDirectory(output)) {
      try (var children = Files.list(output)) {
        if (children.findAny().isPresent()) {
          throw new IllegalArgumentException("output folder " + output + " must be empty or absent, found files in it");
        }
      }
    }
    Files.createDirectories(output);
  }

  private static String reportJson(Summary summary) {
    StringBuilder counts = new StringBuilder();
    summary.perSplitAndLabel().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
        counts.append(counts.length() == 0 ? "" : ",").append('"').append(entry.getKey()).append("\":")
            .append(entry.getValue()));
    return "{\"listed\":" + summary.listed() + ",\"written\":" + summary.written() + ",\"rejected\":"
        + summary.rejected() + ",\"duplicateGroups\":" + summary.duplicateGroups() + ",\"conflictingExcluded\":"
        + summary.conflictingExcluded() + ",\"perSplitAndLabel\":{" + counts + "}}\n";
  }

  static String labelText(Integer label) {
    return Objects.toString(label, "");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
