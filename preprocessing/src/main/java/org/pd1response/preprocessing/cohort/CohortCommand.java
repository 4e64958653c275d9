package org.pd1response.preprocessing.cohort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pd1response.contracts.CaseIds;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.OverlayMode;
import org.pd1response.preprocessing.PreprocessingParameters;

/**
 * Command line of the cohort build.
 *
 * <pre>
 * cohort --input DIR --output DIR [--layout busi|csv] [--listing FILE] [--cohort NAME]
 *        [--busi-task malignant-vs-benign|malignant-vs-rest] [--parameters FILE] [--overlay-mode MODE]
 *        [--seed N] [--split 70/15/15] [--threads N] [--min-side PX] [--max-side PX]
 * </pre>
 *
 * The pseudonymisation key for case ids comes from the environment variable
 * {@code PIPELINE_PSEUDONYMISATION_KEY} (at least 32 bytes), never from the command line, so it
 * does not end up in shell histories.
 */
public final class CohortCommand {

  static final String KEY_ENVIRONMENT = "PIPELINE_PSEUDONYMISATION_KEY";

  private static final Set<String> OPTIONS = Set.of("input", "output", "layout", "listing", "cohort", "busi-task",
      "parameters", "overlay-mode", "seed", "split", "threads", "min-side", "max-side");

  private CohortCommand() {}

  public static void main(String[] args) throws Exception {
    try {
      CohortBuilder.Summary summary = run(parse(args), System.getenv(KEY_ENVIRONMENT));
      System.out.println("cohort written: " + summary);
    } catch (IllegalArgumentException e) {
      System.err.println("cohort: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Runs the command with parsed options and the pseudonymisation key. */
  public static CohortBuilder.Summary run(Map<String, String> options, String key) throws Exception {
    Path input = Path.of(required(options, "input"));
    Path output = Path.of(required(options, "output"));
    if (!Files.isDirectory(input)) {
      throw new IllegalArgumentException("--input must be a folder, found " + input);
    }
    String layout = options.getOrDefault("layout", "busi");
    List<CohortImage> images = switch (layout) {
      case "busi" -> BusiLayout.scan(input, parseEnum(BusiTask.class, "busi-task",
          options.getOrDefault("busi-task", "malignant-vs-benign").replace('-', '_')));
      case "csv" -> CsvListing.read(Path.of(required(options, "listing")), input);
      default -> throw new IllegalArgumentException("--layout must be busi or csv, found '" + layout + "'");
    };
    PreprocessingParameters parameters = options.containsKey("parameters")
        ? PreprocessingParameters.fromJson(Files.readAllBytes(Path.of(options.get("parameters"))))
        : PreprocessingParameters.defaults();
    if (options.containsKey("overlay-mode")) {
      parameters = parameters.withOverlayMode(parseEnum(OverlayMode.class, "overlay-mode", options.get("overlay-mode")));
    }
    ImageLimits limits = new ImageLimits(
        Integer.parseInt(options.getOrDefault("min-side", Integer.toString(ImageLimits.DEFAULT.minSide()))),
        Integer.parseInt(options.getOrDefault("max-side", Integer.toString(ImageLimits.DEFAULT.maxSide()))));
    CohortBuilder.Options settings = new CohortBuilder.Options(
        options.getOrDefault("cohort", layout.equals("busi") ? "busi" : input.getFileName().toString()),
        CaseIds.withKey(key), parameters, limits,
        Long.parseLong(options.getOrDefault("seed", "42")),
        SplitRatios.parse(options.getOrDefault("split", "70/15/15")),
        Integer.parseInt(options.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors()))));
    return new CohortBuilder(settings).build(images, output);
  }

  /** Parses {@code --name value} pairs; every option takes a value. */
  public static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || !OPTIONS.contains(args[i].substring(2))) {
        throw new IllegalArgumentException("expected one of the options --" + String.join(", --", OPTIONS.stream()
            .sorted().toList()) + ", found '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return value;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + option + " must be one of "
          + Arrays.toString(type.getEnumConstants()) + ", found '" + value + "'", e);
    }
  }
}
