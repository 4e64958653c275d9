package org.pd1response.evaluation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the evaluation command line: {@code collect}, {@code score}, {@code evaluate}, {@code baseline}, {@code demo}. */
@Command(
    name = "evaluation",
    mixinStandardHelpOptions = true,
    description = "Predictions files, metrics, baseline tables and reports for any cohort.",
    subcommands = {CollectCommand.class, ScoreCommand.class, EvaluateCommand.class, BaselineCommand.class, DemoCommand.class})
public final class EvaluationCommand implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Runs the command line and exits with its status: 0 on success, 1 on an error, 2 on a usage error. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Builds the command line with its error handler, for tests that run it without exiting the JVM. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new EvaluationCommand());
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      line.getErr().println("evaluation failed: " + exception.getMessage());
      return 1;
    });
    return commandLine;
  }
}
