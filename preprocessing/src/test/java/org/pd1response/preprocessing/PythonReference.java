package org.pd1response.preprocessing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.pd1response.preprocessing.tensor.NpyFormat;

/**
 * Runs the independent NumPy/SciPy implementation ({@code src/test/python/reference_preprocess.py})
 * with Debian's {@code /usr/bin/python3}, which has NumPy, SciPy and OpenCV's binding.
 */
final class PythonReference {

  static final Path INTERPRETER = Path.of("/usr/bin/python3");
  static final Path SCRIPT = Path.of("src/test/python/reference_preprocess.py");

  /** One input of a batch run. */
  record Job(Path image, List<Path> masks, PreprocessingParameters parameters) {}

  private PythonReference() {}

  /** Skips the calling test with a message when the interpreter or its packages are missing. */
  static void requireInterpreter() {
    boolean present = Files.isExecutable(INTERPRETER);
    if (present) {
      try {
        Process check = new ProcessBuilder(INTERPRETER.toString(), "-c", "import numpy, scipy, cv2")
            .redirectErrorStream(true).start();
        present = check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
      } catch (IOException e) {
        present = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        present = false;
      }
    }
    Assumptions.assumeTrue(present, "reference implementation needs " + INTERPRETER
        + " with NumPy, SciPy and OpenCV (apt-get install python3-numpy python3-scipy python3-opencv)");
  }

  /** Runs the jobs in one Python process and returns each result's grey levels (CHW). */
  static List<double[]> run(List<Job> jobs, Path work) throws IOException, InterruptedException {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode list = mapper.createArrayNode();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Path out = work.resolve("reference-" + i + ".npy");
      outputs.add(out);
      ObjectNode node = list.addObject();
      node.put("image", job.image().toAbsolutePath().toString());
      ArrayNode masks = node.putArray("masks");
      job.masks().forEach(mask -> masks.add(mask.toAbsolutePath().toString()));
      node.set("params", mapper.readTree(job.parameters().canonicalJson()));
      node.put("out", out.toString());
    }

    Path jobsFile = work.resolve("jobs.json");
    mapper.writeValue(jobsFile.toFile(), list);
    Process process = new ProcessBuilder(INTERPRETER.toString(), SCRIPT.toString(), jobsFile.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError("reference implementation failed: " + output);
    }

    List<double[]> results = new ArrayList<>();
    for (Path out : outputs) {
      if (!Files.exists(out)) {
        throw new AssertionError("reference implementation rejected the input: "
            + Files.readString(Path.of(out + ".json")));
      }
      results.add(NpyFormat.read(Files.readAllBytes(out)).values());
    }
    return results;
  }
}
