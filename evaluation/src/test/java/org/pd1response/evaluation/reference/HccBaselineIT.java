package org.pd1response.evaluation.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pd1response.evaluation.baseline.BaselineTable;
import org.pd1response.evaluation.baseline.BaselineVariable;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.testsupport.SharedData;

/**
 * Builds the baseline table of the real UCI HCC records (135 patients, about 10 % missing values
 * written as "?") by one-year survival, and checks its tests against SciPy live.
 */
class HccBaselineIT {

  static final String OUTCOME = "survivalTarget";

  static Path hccRecords() {
    return SharedData.require().resolve("hcc-uci/hcc-data-with-header.csv");
  }

  @Test
  void baselineCoversEveryHccVariable() throws Exception {
    // given the real records
    CsvTable csv = CsvTable.read(hccRecords());

    // when the baseline table compares patients who died within a year with survivors
    BaselineTable table = BaselineTable.build(csv, new BaselineTable.Options(OUTCOME, List.of(), Set.of(), Set.of(), Set.of()));

    // then every other column is a variable, every patient is in one group, and p-values are probabilities
    assertEquals(List.of("0", "1"), table.groups());
    assertEquals(csv.header().size() - 1, table.variables().size());
    assertEquals(csv.rows().size(), table.groupSizes().get(0) + table.groupSizes().get(1));
    for (BaselineVariable variable : table.variables()) {
      if (variable.test() != null) {
        double p = variable.test().pValue();
        assertTrue(p >= 0 && p <= 1, variable.name() + " p-value " + p);
      }
    }
    BaselineVariable afp = table.variables().stream().filter(v -> v.name().equals("AFP")).findFirst().orElseThrow();
    assertEquals(BaselineVariable.Kind.SKEWED, afp.kind(), "AFP spans several orders of magnitude");
    assertTrue(afp.missing().get(0) + afp.missing().get(1) > 0, "AFP has missing values in the records");
  }

  @Test
  void hccBaselineTestsMatchLiveScipy(@TempDir Path folder) throws Exception {
    Path records = hccRecords();
    Assumptions.assumeTrue(LiveReferenceIT.succeeds(List.of("/usr/bin/python3", "-c", "import sklearn, scipy")),
        "Python with scikit-learn and SciPy is not installed (apt-get install python3-sklearn python3-scipy)");
    Path output = folder.resolve("hcc-scipy.json");

    Process process = new ProcessBuilder("/usr/bin/python3", LiveReferenceIT.SCRIPTS.resolve("sklearn_reference.py").toString(),
        "-", records.toString(), output.toString(), OUTCOME).inheritIO().start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "SciPy reference timed out");
    assertEquals(0, process.exitValue(), "exit status of sklearn_reference.py");

    ReferenceChecks.checkBaselineAgainstScipy(records, output);
  }
}
