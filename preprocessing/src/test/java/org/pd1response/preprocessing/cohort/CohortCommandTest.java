package org.pd1response.preprocessing.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.contracts.CaseIds;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.preprocessing.tensor.NpyFormat;

/** Builds small cohorts from the synthetic fixtures in BUSI layout and as a CSV listing. */
class CohortCommandTest {

  private static final String KEY = "cohort-command-test-key-0123456789abcdef";
  private static final String HEADER = "case_id,label,split,source_file,mask_files,sha256,tensor_file,duplicate_of";

  @TempDir
  Path work;

  @Test
  void writesManifestTensorsAndParameters() throws Exception {
    // given
    Path input = busiLayout();
    Path output = work.resolve("out");

    // when
    CohortBuilder.Summary summary = CohortCommand.run(options(input, output), KEY);

    // then
    List<String> manifest = Files.readAllLines(output.resolve("manifest.csv"));
    assertEquals(HEADER, manifest.get(0));
    Map<String, String[]> rows = rowsBySource(manifest);
    String[] first = rows.get("malignant/images/malignant (1).png");
    String caseId = CaseIds.withKey(KEY).forResearchImage("busi", "malignant/images/malignant (1)");
    assertEquals(caseId, first[0]);
    assertEquals("1", first[1]);
    assertEquals("malignant/masks/malignant (1)_mask.png;malignant/masks/malignant (1)_mask_1.png", first[4]);
    assertEquals("tensors/" + caseId + ".npy", first[6]);
    NpyFormat.NpyArray tensor = NpyFormat.read(Files.readAllBytes(output.resolve(first[6])));
    assertEquals(List.of(3, 224, 224), tensor.shape());
    PreprocessingParameters defaults = PreprocessingParameters.defaults();
    assertEquals(new String(defaults.canonicalJson(), StandardCharsets.UTF_8),
        Files.readString(output.resolve("preprocessing.json")));
    assertEquals(defaults.sha256(), Files.readString(output.resolve("preprocessing.sha256")));
    assertEquals(6, summary.listed());
  }

  @Test
  void keepsSameLabelDuplicatesInOneSplit() throws Exception {
    // given benign (2) is a byte copy of benign (1)
    Path input = busiLayout();
    Path output = work.resolve("out");

    // when
    CohortCommand.run(options(input, output), KEY);

    // then
    Map<String, String[]> rows = rowsBySource(Files.readAllLines(output.resolve("manifest.csv")));
    String[] original = rows.get("benign/images/benign (1).png");
    String[] copy = rows.get("benign/images/benign (2).png");
    assertEquals(original[2], copy[2], "split");
    assertEquals(original[0], copy[7], "duplicate_of names the first copy");
    assertEquals("", original[7]);
  }

  @Test
  void excludesDuplicatesWithConflictingLabels() throws Exception {
    // given malignant (3) is a byte copy of benign (3)
    Path input = busiLayout();
    Path output = work.resolve("out");

    // when
    CohortBuilder.Summary summary = CohortCommand.run(options(input, output), KEY);

    // then
    Map<String, String[]> rows = rowsBySource(Files.readAllLines(output.resolve("manifest.csv")));
    assertTrue(!rows.containsKey("benign/images/benign (3).png"), "benign (3) left out");
    assertTrue(!rows.containsKey("malignant/images/malignant (3).png"), "malignant (3) left out");
    assertEquals(2, summary.conflictingExcluded());
    String duplicates = Files.readString(output.resolve("duplicates.csv"));
    assertTrue(duplicates.contains("malignant/images/malignant (3).png,1,excluded: conflicting labels"), duplicates);
  }

  @Test
  void reportsRejectedImages() throws Exception {
    // given malignant (2) has an empty mask
    Path input = busiLayout();
    Path output = work.resolve("out");

    // when
    CohortBuilder.Summary summary = CohortCommand.run(options(input, output), KEY);

    // then
    assertEquals(1, summary.rejected());
    List<String> rejected = Files.readAllLines(output.resolve("rejected.csv"));
    assertTrue(rejected.get(1).startsWith("malignant/images/malignant (2).png,EMPTY_MASK,"), rejected.get(1));
    assertEquals(3, summary.written());
  }

  @Test
  void readsCsvListing() throws Exception {
    // given
    Path input = busiLayout();
    Path listing = work.resolve("listing.csv");
    Files.writeString(listing, "image,mask,label\n"
        + "\"malignant/images/malignant (1).png\",malignant/masks/malignant (1)_mask.png,1\n"
        + "benign/images/benign (1).png,benign/masks/benign (1)_mask.png,\n");
    Map<String, String> options = options(input, work.resolve("out"));
    options.put("layout", "csv");
    options.put("listing", listing.toString());
    options.put("cohort", "fixtures");

    // when
    CohortBuilder.Summary summary = CohortCommand.run(options, KEY);

    // then
    assertEquals(2, summary.written());
    Map<String, String[]> rows = rowsBySource(Files.readAllLines(work.resolve("out/manifest.csv")));
    assertEquals("", rows.get("benign/images/benign (1).png")[1], "unknown label stays empty");
    assertEquals(CaseIds.withKey(KEY).forResearchImage("fixtures", "benign/images/benign (1)"),
        rows.get("benign/images/benign (1).png")[0]);
  }

  @Test
  void rejectsListingWithInvalidLabel() throws Exception {
    // given
    Path input = busiLayout();
    Path listing = work.resolve("listing.csv");
    Files.writeString(listing, "image,mask,label\nbenign/images/benign (1).png,,2\n");

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> CsvListing.read(listing, input));

    // then
    assertEquals("listing.csv line 2: label must be 0, 1 or empty, found '2'", error.getMessage());
  }

  @Test
  void rejectsOutputFolderWithFiles() throws Exception {
    // given
    Path input = busiLayout();
    Path output = Files.createDirectories(work.resolve("out"));
    Files.writeString(output.resolve("old.txt"), "x");

    // when
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> CohortCommand.run(options(input, output), KEY));

    // then
    assertTrue(error.getMessage().contains("must be empty or absent"), error.getMessage());
  }

  private Map<String, String> options(Path input, Path output) {
    Map<String, String> options = new HashMap<>();
    options.put("input", input.toString());
    options.put("output", output.toString());
    options.put("threads", "2");
    return options;
  }

  private static Map<String, String[]> rowsBySource(List<String> manifest) {
    return manifest.stream().skip(1).map(line -> CsvListing.parseLine(line).toArray(String[]::new))
        .collect(Collectors.toMap(row -> row[3], row -> row));
  }

  /**
   * Lays out the fixtures as BUSI: malignant (1) with two masks, malignant (2) with an empty mask,
   * benign (2) a byte copy of benign (1), and malignant (3) a byte copy of benign (3).
   */
  private Path busiLayout() throws IOException, URISyntaxException {
    Path fixtures = Path.of(getClass().getResource("/fixtures/cases.json").toURI()).getParent();
    Path root = work.resolve("busi");
    copy(fixtures.resolve("grey8.png"), root.resolve("malignant/images/malignant (1).png"));
    copy(fixtures.resolve("grey8_mask.png"), root.resolve("malignant/masks/malignant (1)_mask.png"));
    copy(fixtures.resolve("grey8_mask_1.png"), root.resolve("malignant/masks/malignant (1)_mask_1.png"));
    copy(fixtures.resolve("colour8.png"), root.resolve("malignant/images/malignant (2).png"));
    Files.write(root.resolve("malignant/masks/malignant (2)_mask.png"), emptyMask(fixtures));
    copy(fixtures.resolve("grey16.png"), root.resolve("benign/images/benign (1).png"));
    copy(fixtures.resolve("grey16_mask.png"), root.resolve("benign/masks/benign (1)_mask.png"));
    copy(fixtures.resolve("grey16.png"), root.resolve("benign/images/benign (2).png"));
    copy(fixtures.resolve("grey16_mask.png"), root.resolve("benign/masks/benign (2)_mask.png"));
    copy(fixtures.resolve("rgba8.png"), root.resolve("benign/images/benign (3).png"));
    copy(fixtures.resolve("rgba8_mask.png"), root.resolve("benign/masks/benign (3)_mask.png"));
    copy(fixtures.resolve("rgba8.png"), root.resolve("malignant/images/malignant (3).png"));
    copy(fixtures.resolve("rgba8_mask.png"), root.resolve("malignant/masks/malignant (3)_mask.png"));
    return root;
  }

  /** Encodes an all-zero mask of the size of colour8.png by zeroing a copy of its mask. */
  private static byte[] emptyMask(Path fixtures) {
    try (var mask = org.bytedeco.opencv.global.opencv_imgcodecs.imread(fixtures.resolve("colour8_mask.png").toString());
        var buffer = new org.bytedeco.javacpp.BytePointer()) {
      mask.setTo(new org.bytedeco.opencv.opencv_core.Mat(new org.bytedeco.opencv.opencv_core.Scalar(0.0)));
      org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".png", mask, buffer);
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
  }
}
