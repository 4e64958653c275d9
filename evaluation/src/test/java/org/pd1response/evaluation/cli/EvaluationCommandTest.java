package org.pd1response.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluationCommandTest {

  @Test
  void evaluateReportsInvalidPredictionsFile(@TempDir Path folder) throws Exception {
    // given a predictions file with an invalid label on its second data line
    Path predictions = folder.resolve("p.csv");
    Files.writeString(predictions, "case_id,cohort,label,prob:cnn@0.5\nc1,a,1,0.4\nc2,a,2,0.7\n");
    StringWriter err = new StringWriter();
    CommandLine commandLine = EvaluationCommand.commandLine();
    commandLine.setErr(new PrintWriter(err));

    // when it is evaluated
    int status = commandLine.execute("evaluate", "--predictions", predictions.toString(), "--out", folder.resolve("r").toString());

    // then the command fails with the line, the expected values and the value found
    assertEquals(1, status);
    assertTrue(err.toString().contains("p.csv line 3: label must be 0, 1 or empty, found '2'"), err.toString());
  }
}
