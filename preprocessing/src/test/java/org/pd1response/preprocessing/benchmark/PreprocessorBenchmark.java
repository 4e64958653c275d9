package org.pd1response.preprocessing.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.OverlayMode;
import org.pd1response.preprocessing.PreprocessedImage;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.preprocessing.Preprocessor;
import org.pd1response.preprocessing.cohort.BusiLayout;
import org.pd1response.preprocessing.cohort.BusiTask;
import org.pd1response.preprocessing.cohort.CohortImage;

/**
 * Images per second of the library alone, on real BUSI images held in memory as encoded PNG bytes:
 * each operation decodes one image and its masks and produces the tensor and the preview. Run
 * with {@code ./mvnw -pl preprocessing test-compile exec:exec@benchmark}; the BUSI folder comes
 * from {@code PIPELINE_DATA_DIR}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PreprocessorBenchmark {

  private static final int SAMPLE_SIZE = 64;
  private static final long SAMPLE_SEED = 3L;

  @Param({"DIM", "BLANK", "CROP"})
  public String overlayMode;

  private final List<byte[]> images = new ArrayList<>();
  private final List<List<byte[]>> masks = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private Preprocessor preprocessor;

  @Setup(Level.Trial)
  public void loadImages() throws IOException {
    String dataDir = System.getenv("PIPELINE_DATA_DIR");
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalStateException("set PIPELINE_DATA_DIR to the folder that holds busi/");
    }
    List<CohortImage> all = new ArrayList<>(BusiLayout.scan(Path.of(dataDir, "busi"), BusiTask.MALIGNANT_VS_BENIGN));
    Collections.shuffle(all, new Random(SAMPLE_SEED));
    for (CohortImage image : all.subList(0, SAMPLE_SIZE)) {
      images.add(Files.readAllBytes(image.imageFile()));
      List<byte[]> own = new ArrayList<>();
      for (Path mask : image.maskFiles()) {
        own.add(Files.readAllBytes(mask));
      }
      masks.add(own);
    }
    preprocessor = new Preprocessor(
        PreprocessingParameters.defaults().withOverlayMode(OverlayMode.valueOf(overlayMode)), ImageLimits.DEFAULT);
  }

  @Benchmark
  public PreprocessedImage preprocessOneImage() {
    int index = Math.floorMod(next.getAndIncrement(), SAMPLE_SIZE);
    return preprocessor.process(images.get(index), masks.get(index));
  }
}
