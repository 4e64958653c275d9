package org.pd1response.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pd1response.localstack.RealInputPipelineIT.Outcome;

/**
 * The printed result of the end-to-end run on real input, as Markdown tables: outcomes per input
 * path, dead letters per topic and reason, per-stage latencies, and the outcome of every DICOM file.
 *
 * @param outcomes final outcome of every input
 * @param deadLetters count per dead-letter topic and error code
 * @param latencies per-stage latencies of the predicted case revisions
 */
record Summary(List<Outcome> outcomes, Map<String, Map<String, Integer>> deadLetters, StageLatencies latencies) {

  private static final List<String> PATHS = List.of("pacs", "research");

  String render(Duration setup, Duration pacsPath, Duration researchSubmissions, Duration whole,
      RealInputPipelineIT.PacsRun pacsRun, List<String> demoRejections) {
    StringBuilder text = new StringBuilder("\n## End-to-end run on real input\n\n");
    text.append(String.format(Locale.ROOT, "Setup (models, Orthanc, five services): %d s; DICOM files through Orthanc: %d s; "
        + "BUSI submissions: %d s; whole test: %d s.%n", setup.toSeconds(), pacsPath.toSeconds(),
        researchSubmissions.toSeconds(), whole.toSeconds()));
    text.append("Demo clinical model on the UCI rows: 0 scorable, first rejection: ")
        .append(demoRejections.isEmpty() ? "none" : demoRejections.get(0)).append('\n');
    long pacsRecords = outcomes.stream().filter(o -> o.path().equals("pacs") && !o.kind().equals("REFUSED_BY_PACS")
        && !o.kind().equals("DEAD_LETTER dlq.ingest")).count();
    text.append(String.format(Locale.ROOT, "UCI records linked to PACS studies: %d by accession number, %d by "
        + "StudyInstanceUID; %d sent again after NO_MATCHING_STUDY.%n%n", pacsRun.linkedByAccession(),
        pacsRecords - pacsRun.linkedByAccession(), pacsRun.resends()));

    text.append("| outcome | DICOM files | BUSI images |\n|---|---|---|\n");
    for (String kind : new TreeSet<>(outcomes.stream().map(Outcome::kind).toList())) {
      text.append("| ").append(kind).append(" | ").append(count("pacs", kind)).append(" | ")
          .append(count("research", kind)).append(" |\n");
    }
    text.append("\n| predicted label | DICOM files | BUSI images |\n|---|---|---|\n");
    for (String label : new TreeSet<>(outcomes.stream().filter(o -> o.kind().startsWith("PREDICTION")).map(Outcome::detail).toList())) {
      text.append("| ").append(label).append(" | ").append(countLabel("pacs", label)).append(" | ")
          .append(countLabel("research", label)).append(" |\n");
    }

    text.append("\n| dead-letter topic | error code | count |\n|---|---|---|\n");
    deadLetters.forEach((topic, codes) -> codes.forEach((code, count) ->
        text.append("| ").append(topic).append(" | ").append(code).append(" | ").append(count).append(" |\n")));

    text.append("\n| latency (ms) | path | cases | p50 | p95 |\n|---|---|---|---|---|\n");
    for (String stage : List.of(StageLatencies.UPLOAD_TO_INGESTED, StageLatencies.INGESTED_TO_PREPROCESSED,
        StageLatencies.PREPROCESSED_TO_IMAGING, StageLatencies.CLINICAL_INGESTED_TO_SCORE,
        StageLatencies.LAST_SCORE_TO_PREDICTION, StageLatencies.TOTAL)) {
      for (String path : PATHS) {
        List<Long> values = latencies.millis().getOrDefault(path, Map.of()).get(stage);
        if (values != null && !values.isEmpty()) {
          text.append("| ").append(stage).append(" | ").append(path).append(" | ").append(values.size()).append(" | ")
              .append(StageLatencies.percentile(values, 50)).append(" | ")
              .append(StageLatencies.percentile(values, 95)).append(" |\n");
        }
      }
    }

    text.append("\n| DICOM file | outcome | detail |\n|---|---|---|\n");
    Map<String, Outcome> files = new TreeMap<>();
    outcomes.stream().filter(o -> o.path().equals("pacs")).forEach(o -> files.put(o.input(), o));
    files.values().forEach(o -> text.append("| `").append(o.input()).append("` | ").append(o.kind()).append(" | ")
        .append(shorten(o.detail())).append(" |\n"));
    return text.toString();
  }

  private long count(String path, String kind) {
    return outcomes.stream().filter(o -> o.path().equals(path) && o.kind().equals(kind)).count();
  }

  private long countLabel(String path, String label) {
    return outcomes.stream().filter(o -> o.path().equals(path) && o.kind().startsWith("PREDICTION")
        && o.detail().equals(label)).count();
  }

  private static String shorten(String detail) {
    String line = detail.replace('\n', ' ').replace("|", "/");
    return line.length() <= 140 ? line : line.substring(0, 137) + "...";
  }
}
