package org.pd1response.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.evaluation.metrics.GroupPerformance;
import org.pd1response.evaluation.metrics.ModelPerformance;
import org.pd1response.evaluation.metrics.PerformanceEvaluator;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.evaluation.predictions.PredictionTable;
import org.pd1response.evaluation.predictions.PredictionsCsv;

class ReportWriterTest {

  /** Subgroup level "b" holds responders only, so its AUC and calibration fits are undefined. */
  static final String PREDICTIONS = """
      case_id,cohort,label,subgroup:arm,prob:m@0.5
      c1,small,1,a,0.9
      c2,small,0,a,0.2
      c3,small,1,a,0.4
      c4,small,0,a,0.6
      c5,small,1,b,0.7
      c6,small,1,b,0.3
      """;

  @Test
  void writesGroupWithSingleClass(@TempDir Path folder) throws Exception {
    // given predictions whose subgroup "b" has no non-responder
    PredictionTable table = PredictionsCsv.fromCsv(CsvTable.parse("p.csv", PREDICTIONS));
    List<GroupPerformance> groups = new PerformanceEvaluator(0.95, 10).evaluate(table);
    ModelPerformance onlyResponders = groups.get(2).models().get(0);
    assertEquals("b", groups.get(2).level());
    assertNull(onlyResponders.roc(), "AUC is undefined with one class");
    assertTrue(Double.isNaN(onlyResponders.calibration().slope()));
    assertTrue(groups.get(2).comparisons().isEmpty());

    // when the report is written
    ReportWriter.write(folder, new EvaluationReport("t", "p.csv", Instant.EPOCH, 0.95, groups, null, null, List.of()));

    // then the undefined values are null in JSON and marked in the HTML table
    JsonNode json = new ObjectMapper().readTree(folder.resolve(ReportWriter.JSON).toFile());
    JsonNode model = json.get("groups").get(2).get("models").get(0);
    assertTrue(model.get("auc").get("value").isNull());
    assertTrue(model.get("calibrationSlope").isNull());
    assertEquals(0.5, model.get("sensitivity").asDouble());
    assertTrue(Files.readString(folder.resolve(ReportWriter.HTML)).contains("<td>undefined</td>"));
    assertEquals(0.75, json.get("groups").get(0).get("models").get(0).get("auc").get("value").asDouble(), 1e-12,
        "whole cohort: 6 of 8 pairs ordered correctly");
  }
}
