package org.pd1response.evaluation.predictions;

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

class PredictionsCsvTest {

  static final String HEADER = "case_id,cohort,label,subgroup:regimen,prob:cnn@0.5,prob:ensemble@0.42\n";

  static PredictionTable parse(String text) {
    return PredictionsCsv.fromCsv(CsvTable.parse("p.csv", text));
  }

  @Test
  void readsThresholdsSubgroupsAndMissingValues() {
    PredictionTable table = parse(HEADER + "c1,internal,1,\"PD-1, TACE\",0.8,0.7\nc2,internal,,alone,,0.3\n");

    assertEquals(List.of(new ModelColumn("cnn", 0.5), new ModelColumn("ensemble", 0.42)), table.models());
    assertEquals("PD-1, TACE", table.rows().get(0).subgroups().get("regimen"));
    assertNull(table.rows().get(1).label());
    assertEquals(Map.of("ensemble", 0.3), table.rows().get(1).probabilities());
  }

  @Test
  void writesWhatItReads(@TempDir Path folder) throws Exception {
    PredictionTable table = parse(HEADER + "c1,internal,1,\"PD-1, TACE\",0.8,0.7\nc2,external,0,alone,,0.123456789012345\n"
        + "c3,external,0,alone,1e-5,1\n");
    Path file = folder.resolve("p.csv");

    PredictionsCsv.write(file, table);

    assertEquals(table, PredictionsCsv.read(file));
    assertTrue(Files.readString(file).contains("c3,external,0,alone,0.00001,1\n"), "plain decimals without exponent");
  }

  @Test
  void rejectsLabelOtherThanZeroOrOne() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> parse(HEADER + "c1,internal,yes,alone,0.8,0.7\n"));

    assertEquals("p.csv line 2: label must be 0, 1 or empty, found 'yes'", error.getMessage());
  }

  @Test
  void rejectsProbabilityOutsideUnitInterval() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> parse(HEADER + "c1,internal,1,alone,1.2,0.7\n"));

    assertEquals("p.csv line 2: probability of model cnn must be in [0, 1], found 1.2", error.getMessage());
  }

  @Test
  void rejectsProbabilityColumnWithoutThreshold() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> parse("case_id,cohort,label,prob:cnn\nc1,internal,1,0.8\n"));

    assertEquals("p.csv: probability column must be prob:<model>@<threshold>, found 'prob:cnn'", error.getMessage());
  }

  @Test
  void rejectsRowWiderThanHeader() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> parse(HEADER + "c1,internal,1,alone,0.8,0.7,extra\n"));

    assertEquals("p.csv line 2: expected 6 fields as in the header, found 7", error.getMessage());
  }

  @Test
  void rejectsRepeatedCase() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> parse(HEADER + "c1,internal,1,alone,0.8,0.7\nc1,internal,0,alone,0.1,0.2\n"));

    assertEquals("p.csv line 3: case c1 appears twice in cohort internal", error.getMessage());
  }
}
