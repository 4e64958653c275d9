package org.pd1response.clinical.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pd1response.contracts.events.ClinicalValue;
import org.pd1response.contracts.events.ClinicalValue.ValueFlag;
import org.pd1response.testsupport.SharedData;

/** Normalises every row of the real UCI HCC extract (135 patients, 49 features). */
class UciHccNormalisationTest {

  private static final int ROWS = 135;
  /** Cells that hold '?'. */
  private static final int MISSING_CELLS = 671;
  /**
   * Zeros in Iron, Sat and Ferritin (3), Sat 126 % (1), Platelets 1.71 (1) and total protein 16.8,
   * which fits neither g/dL nor g/L (1).
   */
  private static final int IMPLAUSIBLE_CELLS = 6;
  /** Unitless platelet counts of 1500 or more, read per microlitre. */
  private static final int PLATELETS_PER_MICROLITRE = 95;

  private static List<NormalisedRecord> normaliseAllRows() throws IOException {
    Path csv = SharedData.require().resolve("hcc-uci/hcc-data-with-header.csv");
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",", -1);
    ClinicalNormaliser normaliser = new ClinicalNormaliser(ClinicalSchemas.uciHcc());
    List<NormalisedRecord> records = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length - 1; i++) {
        row.put(header[i], cells[i]);
      }
      records.add(normaliser.normaliseTexts(row));
    }
    return records;
  }

  private static long count(List<NormalisedRecord> records, ValueFlag flag) {
    return records.stream().mapToLong(r -> r.count(flag)).sum();
  }

  @Test
  void flagsExactNumberOfValuesInEveryRow() throws IOException {
    // when
    List<NormalisedRecord> records = normaliseAllRows();

    // then
    assertEquals(ROWS, records.size());
    assertEquals(MISSING_CELLS, count(records, ValueFlag.MISSING));
    assertEquals(IMPLAUSIBLE_CELLS, count(records, ValueFlag.IMPLAUSIBLE));
    assertEquals(0, count(records, ValueFlag.UNPARSEABLE));
    assertEquals(ROWS * 49L - MISSING_CELLS - IMPLAUSIBLE_CELLS, count(records, ValueFlag.PRESENT));
  }

  @Test
  void bringsEveryPlateletCountIntoOneRange() throws IOException {
    List<ClinicalValue> platelets = normaliseAllRows().stream()
        .flatMap(r -> r.values().stream())
        .filter(v -> v.name().equals("Platelets"))
        .toList();

    long perMicrolitre = platelets.stream().filter(v -> "/uL".equals(v.sourceUnit())).count();
    assertEquals(PLATELETS_PER_MICROLITRE, perMicrolitre);
    for (ClinicalValue value : platelets) {
      if (value.flag() == ValueFlag.PRESENT) {
        assertTrue(value.value() >= 38, value.toString());
        assertTrue(value.value() <= 561, value.toString());
      }
    }
  }
}
