package org.pd1response.evaluation.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.contracts.CaseIds;
import org.pd1response.preprocessing.cohort.BusiTask;

class CaseReaderTest {

  static final String KEY = "case-reader-test-only-key-0123456789abcdef";

  @Test
  void inlineRecordsSkipCaseColumns(@TempDir Path folder) throws Exception {
    // given a clinical-only cases file with a record id, an outcome, a subgroup and two indicators
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, "record_id,survival,split,age,sex\nrow-1,1,test,61,m\nrow-2,,test,?,f\n");

    // when it is read as its own clinical file, with case ids derived from the record id
    List<ScoringCase> read = CaseReader.read(cases, options(folder, "record_id", cases, "record_id", KEY));

    // then the case ids are the research ids of cohort and record id, and only indicators remain
    assertEquals(2, read.size());
    assertEquals(CaseIds.withKey(KEY).forResearchImage("uci-hcc", "row-1"), read.get(0).caseId());
    assertEquals(CaseIds.withKey(KEY).forResearchImage("uci-hcc", "row-2"), read.get(1).caseId());
    assertEquals(1, read.get(0).label());
    assertNull(read.get(1).label());
    assertEquals(Map.of("split", "test"), read.get(0).subgroups());
    assertEquals(List.of(RawValue.of("age", "61"), RawValue.of("sex", "m")), read.get(0).clinical());
    assertEquals(List.of(RawValue.of("age", "?"), RawValue.of("sex", "f")), read.get(1).clinical());
    assertNull(read.get(0).image());
  }

  @Test
  void derivedIdsNeedKey(@TempDir Path folder) throws Exception {
    // given a cases file without case_id and no pseudonymisation key in the environment
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, "record_id,survival\nrow-1,1\n");

    // when it is read with a record id column
    InvalidInputException error = assertThrows(InvalidInputException.class,
        () -> CaseReader.read(cases, options(folder, "record_id", null, "record_id", null)));

    // then the error names the environment variable to set
    assertTrue(error.getMessage().contains("PIPELINE_PSEUDONYMISATION_KEY"), error.getMessage());
  }

  @Test
  void rejectsInvalidLabelWithLine(@TempDir Path folder) throws Exception {
    // given a cases file whose second case has the label 2
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, "case_id,survival\nc1,1\nc2,2\n");

    // when it is read
    InvalidInputException error = assertThrows(InvalidInputException.class,
        () -> CaseReader.read(cases, options(folder, null, null, "case_id", null)));

    // then the error names the file line, the column and the value found
    assertTrue(error.getMessage().endsWith("cases.csv line 3: survival must be 0, 1 or empty, found '2'"),
        error.getMessage());
  }

  @Test
  void rejectsRepeatedCaseId(@TempDir Path folder) throws Exception {
    // given a cases file that lists case c1 twice
    Path cases = folder.resolve("cases.csv");
    Files.writeString(cases, "case_id,survival\nc1,1\nc1,0\n");

    // when it is read
    InvalidInputException error = assertThrows(InvalidInputException.class,
        () -> CaseReader.read(cases, options(folder, null, null, "case_id", null)));

    // then the error names the line and the case
    assertTrue(error.getMessage().endsWith("cases.csv line 3: case c1 appears twice"), error.getMessage());
  }

  @Test
  void joinsClinicalFileOnKeys(@TempDir Path folder) throws Exception {
    // given image cases and a clinical file keyed by image path, with its own label column
    Path cases = folder.resolve("manifest.csv");
    Files.writeString(cases, "case_id,label,source_file,mask_files\n"
        + "c1,1,images/a.png,masks/a_mask.png;masks/a_mask_1.png\nc2,0,images/b.png,\n");
    Path clinical = folder.resolve("clinical.csv");
    Files.writeString(clinical, "image,age,label\nimages/b.png,70,0\n");
    CaseReader.Options options = new CaseReader.Options(folder, "demo", List.of(), "label", null, null, clinical,
        "image", "source_file", List.of("label"), BusiTask.MALIGNANT_VS_REST);

    // when the cases are read
    List<ScoringCase> read = CaseReader.read(cases, options);

    // then images and masks resolve against the root, and only the matching case has a record
    assertEquals(folder.resolve("images/a.png"), read.get(0).image());
    assertEquals(List.of(folder.resolve("masks/a_mask.png"), folder.resolve("masks/a_mask_1.png")),
        read.get(0).masks());
    assertNull(read.get(0).clinical());
    assertEquals(List.of(), read.get(1).masks());
    assertEquals(List.of(RawValue.of("age", "70")), read.get(1).clinical());
  }

  private static CaseReader.Options options(Path root, String recordIdColumn, Path clinical, String key,
      String pseudonymisationKey) {
    return new CaseReader.Options(root, "uci-hcc", clinical == null ? List.of() : List.of("split"), "survival",
        recordIdColumn, pseudonymisationKey, clinical, key, key, List.of(), BusiTask.MALIGNANT_VS_REST);
  }
}
