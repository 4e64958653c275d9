package org.pd1response.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.pd1response.contracts.events.ModelPublished;
import org.pd1response.contracts.events.Prediction;

/**
 * The {@code pipeline} command. Subcommands:
 *
 * <pre>
 * demo [--cases N]          start the local stack, submit N demo cases, print their predictions, stop
 * up                        start the local stack and keep it running until Ctrl-C
 * submit PATH               submit a case folder, or a folder of case folders, to a running stack
 * status                    show the services' readiness, topic counts and recent predictions
 * stop                      stop a running up command, or the processes of a killed up or demo
 * generate-demo-data DIR [--cases N] [--seed S]   write a synthetic demo cohort
 * score-cohort --cohort DIR --manifest FILE [--split test] --models DIR --out FILE
 *                           score one split of a generated cohort through the services
 * </pre>
 */
public final class PipelineCommand {

  static final int DEFAULT_DEMO_CASES = 6;
  /** Seed of the demo cases submitted by {@code demo}; the demo models were trained on another seed. */
  static final long DEMO_SEED = 20261204L;
  static final Duration PREDICTION_TIMEOUT = Duration.ofMinutes(3);
  /** Pid file of a running {@code up} command, beside the pid files of its children. */
  static final String COMMAND_PID_FILE = "pipeline-up.pid";
  /** Maximum time a running {@code up} command gets to stop its stack: five services, then the broker and S3. */
  static final Duration COMMAND_STOP_TIMEOUT = Duration.ofMinutes(2);

  private PipelineCommand() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    Path root = Path.of(System.getProperty("pipeline.root", ".")).toAbsolutePath().normalize();
    StackLayout layout = StackLayout.fromEnvironment(root);
    List<String> rest = List.of(args).subList(1, args.length);
    int status;
    try {
      status = run(args[0], rest, layout);
    } catch (java.net.ConnectException e) {
      System.err.println("pipeline " + args[0] + ": ingest at " + layout.service("ingest-service").base()
          + " is not reachable; start the local stack with ./pipeline up");
      status = 1;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("pipeline " + args[0] + ": " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  private static int run(String command, List<String> rest, StackLayout layout) throws Exception {
    return switch (command) {
      case "demo" -> demo(layout, intOption(rest, "--cases", DEFAULT_DEMO_CASES));
      case "up" -> up(layout);
      case "submit" -> submit(layout, Path.of(positional(rest, "PATH")));
      case "status" -> StackStatus.print(layout);
      case "stop" -> stop(layout);
      case "score-cohort" -> CohortScoring.run(
          new StackLayout(layout.root(), layout.state().resolve("scoring"), layout.kafkaPort(), layout.controllerPort(),
              layout.s3Port(), layout.firstServicePort()),
          Path.of(option(rest, "--cohort")), Path.of(option(rest, "--manifest")), optionOr(rest, "--split", "test"),
          Path.of(option(rest, "--models")), Path.of(option(rest, "--out")));
      case "generate-demo-data" -> generate(Path.of(positional(rest, "DIR")), intOption(rest, "--cases", 200),
          longOption(rest, "--seed", 7L));
      default -> {
        usage();
        yield 2;
      }
    };
  }

  private static int demo(StackLayout layout, int caseCount) throws Exception {
    DemoRun.Result result = DemoRun.run(layout, caseCount, layout.root().resolve("demo-output/heatmaps"));
    if (!result.missing().isEmpty()) {
      System.err.printf("No prediction within %d s for %s; see the logs in %s and ./pipeline status%n",
          PREDICTION_TIMEOUT.toSeconds(), result.missing(), layout.logs());
      return 1;
    }
    return 0;
  }

  private static int up(StackLayout layout) throws Exception {
    LocalStack stack = new LocalStack(layout);
    // Recorded beside the children's pid files, so that stop can end this command too.
    Path commandPid = stack.pidFolder().resolve(COMMAND_PID_FILE);
    ChildProcess.writePidFile(commandPid, ProcessHandle.current().pid());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the local stack ...");
      stack.close();
      ChildProcess.deletePidFile(commandPid);
    }, "stop-local-stack"));
    stack.startInfrastructure();
    publishModels(layout);
    stack.startServices();
    System.out.printf("The pipeline is running: Kafka %s, S3 %s, ingest %s. Press Ctrl-C to stop.%n",
        layout.kafkaBootstrap(), layout.s3Endpoint(), layout.service("ingest-service").base());
    new CountDownLatch(1).await();
    return 0;
  }

  /**
   * Stops a running {@code up} command, which stops its stack, and then any process left by an
   * {@code up} or {@code demo} command that was killed, found through the pid files under the
   * state folder.
   */
  private static int stop(StackLayout layout) throws IOException {
    Path pids = new LocalStack(layout).pidFolder();
    // A running up command stops its own stack on SIGTERM, so it goes first.
    boolean command = ChildProcess.stopFromPidFile(pids.resolve(COMMAND_PID_FILE), PipelineCommand.class.getName(),
        COMMAND_STOP_TIMEOUT);
    List<String> stopped = new ArrayList<>();
    if (command) {
      stopped.add("the running up command");
    }
    stopped.addAll(ChildProcess.stopFromPidFiles(pids, layout.state().toString()));
    System.out.println(stopped.isEmpty() ? "No local stack process was running."
        : "Stopped " + String.join(", ", stopped) + ".");
    return 0;
  }

  private static int submit(StackLayout layout, Path path) throws Exception {
    IngestClient ingest = new IngestClient(layout.service("ingest-service").base());
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(path + " is not a folder; expected a case folder or a folder of case folders");
    }
    if (Files.exists(path.resolve("cases.csv")) && Files.exists(path.resolve("clinical.csv"))) {
      return submitGeneratedCohort(ingest, path);
    }
    List<Path> caseFolders = new ArrayList<>();
    if (isCaseFolder(path)) {
      caseFolders.add(path);
    } else {
      try (var children = Files.list(path)) {
        children.filter(PipelineCommand::isCaseFolder).sorted().forEach(caseFolders::add);
      }
    }
    if (caseFolders.isEmpty()) {
      System.err.println("no case found in " + path + ": expected a folder with image.png or image.jpg (and mask.png, "
          + "clinical.json), a folder of such folders, or a cohort written by generate-demo-data");
      return 1;
    }
    int rejected = 0;
    for (Path folder : caseFolders) {
      try {
        String caseId = ingest.submitCaseFolder(folder);
        System.out.printf("%s -> case %s%n", folder.getFileName(), caseId);
      } catch (IngestClient.RejectedSubmissionException e) {
        System.err.printf("%s rejected: %s%n", folder.getFileName(), e.getMessage());
        rejected++;
      }
    }
    return rejected == 0 ? 0 : 1;
  }

  private static boolean isCaseFolder(Path folder) {
    return Files.isRegularFile(folder.resolve("image.png")) || Files.isRegularFile(folder.resolve("image.jpg"));
  }

  /** Submits every case of a cohort written by {@code generate-demo-data}, with its mask and clinical record. */
  private static int submitGeneratedCohort(IngestClient ingest, Path folder) throws Exception {
    int rejected = 0;
    for (DemoCohort.DemoCase demoCase : DemoCohort.read(folder)) {
      try {
        String caseId = ingest.submitResearchCase("demo", demoCase.id(), demoCase.image(), demoCase.mask(),
            DemoCohort.CLINICAL_COLUMNS, demoCase.clinicalValues());
        System.out.printf("%s -> case %s%n", demoCase.id(), caseId);
      } catch (IngestClient.RejectedSubmissionException e) {
        System.err.printf("%s rejected: %s%n", demoCase.id(), e.getMessage());
        rejected++;
      }
    }
    return rejected == 0 ? 0 : 1;
  }

  private static int generate(Path folder, int count, long seed) throws IOException {
    List<DemoCohort.DemoCase> cases = DemoCohort.generate(folder, count, seed);
    long responders = cases.stream().filter(c -> c.label() == 1).count();
    System.out.printf("Wrote %d demo cases (%d responders) to %s%n", cases.size(), responders, folder);
    return 0;
  }

  private static void publishModels(StackLayout layout) throws Exception {
    for (ModelPublished model : DemoModels.publish(layout.root().resolve("demo/models"), layout)) {
      System.out.printf("  model %s %s (%s) published%n", model.modelName(), model.version(), model.kind());
    }
  }

  private static String positional(List<String> args, String name) {
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        return arg;
      }
    }
    throw new IllegalArgumentException("missing argument " + name);
  }

  private static String option(List<String> args, String name) {
    int index = args.indexOf(name);
    if (index < 0 || index + 1 >= args.size()) {
      throw new IllegalArgumentException("option " + name + " is required");
    }
    return args.get(index + 1);
  }

  private static String optionOr(List<String> args, String name, String fallback) {
    int index = args.indexOf(name);
    return index >= 0 && index + 1 < args.size() ? args.get(index + 1) : fallback;
  }

  private static int intOption(List<String> args, String name, int fallback) {
    int index = args.indexOf(name);
    return index >= 0 && index + 1 < args.size() ? Integer.parseInt(args.get(index + 1)) : fallback;
  }

  private static long longOption(List<String> args, String name, long fallback) {
    int index = args.indexOf(name);
    return index >= 0 && index + 1 < args.size() ? Long.parseLong(args.get(index + 1)) : fallback;
  }

  private static void usage() {
    System.err.println("""
        usage: pipeline COMMAND
          demo [--cases N]      start the local stack, submit N demo cases, print their predictions, stop
          up                    start the local stack and keep it running until Ctrl-C
          submit PATH           submit a case folder (image.png, mask.png, clinical.json), a folder of them,
                                or a cohort written by generate-demo-data
          status                show readiness, topic counts, dead letters and recent predictions
          stop                  stop a running up command, or the processes of a killed up or demo
          generate-demo-data DIR [--cases N] [--seed S]   write a synthetic demo cohort
          score-cohort --cohort DIR --manifest FILE [--split test] --models DIR --out FILE
                                score one split of a generated cohort through the services
          train-demo-models     retrain the demo models on generated data (needs Debian's python3-torch)
          build                 build the services and this command""");
  }
}
