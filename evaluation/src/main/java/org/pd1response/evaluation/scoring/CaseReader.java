package org.pd1response.evaluation.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pd1response.clinical.schema.RawValue;
import org.pd1response.contracts.CaseIds;
import org.pd1response.evaluation.predictions.CsvTable;
import org.pd1response.preprocessing.cohort.BusiLayout;
import org.pd1response.preprocessing.cohort.BusiTask;
import org.pd1response.preprocessing.cohort.CohortImage;

/**
 * Reads the cases to score from a cases CSV or from a folder in the BUSI layout.
 *
 * <p>A cases CSV has one row per case with {@code case_id} (or the record id column, from which
 * the case id is derived), the label column, an optional {@code cohort} column and any subgroup
 * columns. An image case adds {@code source_file} and {@code mask_files} ({@code ;}-separated),
 * relative to the image root, so the manifest of the preprocessing cohort command works as is.
 * Clinical records come from a clinical CSV joined on a key column, or from the cases CSV itself.
 * Every column that is neither one of the case columns above nor ignored is then an indicator. Its
 * cells carry no unit, as in the CSV that the ingest research path takes.
 */
public final class CaseReader {

  public static final String CASE_ID = "case_id";
  public static final String COHORT = "cohort";
  public static final String SOURCE_FILE = "source_file";
  public static final String MASK_FILES = "mask_files";
  /** Columns of the cohort manifest that describe the image rather than the patient. */
  static final List<String> MANIFEST_COLUMNS = List.of("split", "sha256", "tensor_file", "duplicate_of");

  /**
   * Locations and column names of the cases and their clinical records.
   *
   * @param imageRoot folder that {@code source_file} and {@code mask_files} are relative to
   * @param defaultCohort cohort of every case when the file has no {@code cohort} column
   * @param recordIdColumn column to derive case ids from when the file has no {@code case_id}; null for none
   * @param pseudonymisationKey key of the case id derivation; needed with a record id column or a folder
   * @param clinicalFile clinical CSV; the cases file itself when it carries the indicators; null for none
   * @param clinicalKey column of the clinical CSV that matches {@code casesKey}
   * @param casesKey column of the cases CSV that matches {@code clinicalKey}
   * @param clinicalIgnore further columns that are not indicators, such as an outcome column
   */
  public record Options(Path imageRoot, String defaultCohort, List<String> subgroups, String labelColumn,
      String recordIdColumn, String pseudonymisationKey, Path clinicalFile, String clinicalKey, String casesKey,
      List<String> clinicalIgnore, BusiTask busiTask) {

    public Options {
      subgroups = List.copyOf(subgroups);
      clinicalIgnore = List.copyOf(clinicalIgnore);
    }
  }

  private CaseReader() {}

  /**
   * Reads the cases of a CSV file or a BUSI folder, in file or path order.
   *
   * @throws InvalidInputException naming the file, line and value when a column is missing, a
   *     label is not 0, 1 or empty, a case id repeats or no pseudonymisation key is set
   */
  public static List<ScoringCase> read(Path cases, Options options) throws IOException {
    if (Files.isDirectory(cases)) {
      return readBusi(cases, options);
    }
    CsvTable csv = csv(cases);
    Map<String, List<RawValue>> clinical = clinicalRecords(cases, csv, options);
    int caseIdColumn = csv.indexOf(CASE_ID);
    int recordColumn = -1;
    CaseIds caseIds = null;
    if (caseIdColumn < 0) {
      if (options.recordIdColumn() == null) {
        throw new InvalidInputException(cases + ": column '" + CASE_ID + "' is required unless --record-id-column "
            + "names a column to derive case ids from, found columns " + csv.header());
      }
      recordColumn = require(csv, options.recordIdColumn());
      caseIds = caseIds(options);
    }
    int label = require(csv, options.labelColumn());
    int cohort = cohortColumn(csv, options);
    int[] subgroups = options.subgroups().stream().mapToInt(column -> require(csv, column)).toArray();
    int source = csv.indexOf(SOURCE_FILE);
    int masks = csv.indexOf(MASK_FILES);
    int key = clinical == null ? -1 : require(csv, options.casesKey());

    List<ScoringCase> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < csv.rows().size(); i++) {
      List<String> row = csv.rows().get(i);
      String where = cases + " line " + (i + 2);
      String cohortName = cohort < 0 ? options.defaultCohort() : row.get(cohort).strip();
      String caseId = caseIdColumn >= 0
          ? row.get(caseIdColumn).strip()
          : caseIds.forResearchImage(cohortName, requireText(where, options.recordIdColumn(), row.get(recordColumn)));
      requireText(where, CASE_ID, caseId);
      if (!seen.add(caseId)) {
        throw new InvalidInputException(where + ": case " + caseId + " appears twice");
      }
      Map<String, String> levels = new LinkedHashMap<>();
      for (int s = 0; s < subgroups.length; s++) {
        levels.put(options.subgroups().get(s), row.get(subgroups[s]).strip());
      }
      Path image = source < 0 || row.get(source).isBlank() ? null : options.imageRoot().resolve(row.get(source).strip());
      List<Path> maskFiles = new ArrayList<>();
      if (image != null && masks >= 0) {
        for (String mask : row.get(masks).split(";")) {
          if (!mask.isBlank()) {
            maskFiles.add(options.imageRoot().resolve(mask.strip()));
          }
        }
      }
      List<RawValue> values = clinical == null ? null : clinical.get(row.get(key).strip());
      result.add(new ScoringCase(caseId, cohortName, label(where, options.labelColumn(), row.get(label)), levels, image,
          maskFiles, values));
    }
    return result;
  }

  private static List<ScoringCase> readBusi(Path folder, Options options) throws IOException {
    if (options.clinicalFile() != null) {
      throw new InvalidInputException("--clinical applies to a cases CSV, not to the BUSI folder " + folder);
    }
    CaseIds caseIds = caseIds(options);
    List<ScoringCase> result = new ArrayList<>();
    List<CohortImage> images;
    try {
      images = BusiLayout.scan(folder, options.busiTask());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(folder + " must be a cases CSV or a folder in the BUSI layout: " + e.getMessage(), e);
    }
    for (CohortImage image : images) {
      result.add(new ScoringCase(caseIds.forResearchImage(options.defaultCohort(), image.imageId()),
          options.defaultCohort(), image.label(), Map.of(), image.imageFile(), image.maskFiles(), null));
    }
    return result;
  }

  /** Reads the clinical records by key; null when the cases have none. */
  private static Map<String, List<RawValue>> clinicalRecords(Path cases, CsvTable casesCsv, Options options)
      throws IOException {
    if (options.clinicalFile() == null) {
      return null;
    }
    boolean inline = Files.isSameFile(cases, options.clinicalFile());
    CsvTable csv = inline ? casesCsv : csv(options.clinicalFile());
    int key = require(csv, options.clinicalKey());
    Set<String> skipped = new HashSet<>(options.clinicalIgnore());
    skipped.add(options.clinicalKey());
    if (inline) {
      skipped.addAll(List.of(CASE_ID, COHORT, SOURCE_FILE, MASK_FILES, options.labelColumn()));
      skipped.addAll(MANIFEST_COLUMNS);
      skipped.addAll(options.subgroups());
      if (options.recordIdColumn() != null) {
        skipped.add(options.recordIdColumn());
      }
    }
    Map<String, List<RawValue>> records = new HashMap<>();
    for (int i = 0; i < csv.rows().size(); i++) {
      List<String> row = csv.rows().get(i);
      List<RawValue> values = new ArrayList<>();
      for (int c = 0; c < csv.header().size(); c++) {
        String column = csv.header().get(c).strip();
        if (!skipped.contains(column)) {
          values.add(RawValue.of(column, row.get(c).strip()));
        }
      }
      String id = row.get(key).strip();
      if (records.put(id, values) != null) {
        throw new InvalidInputException(csv.source() + " line " + (i + 2) + ": clinical key " + options.clinicalKey()
            + " '" + id + "' appears twice");
      }
    }
    return records;
  }

  private static CaseIds caseIds(Options options) {
    try {
      return CaseIds.withKey(options.pseudonymisationKey());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("deriving case ids needs the pseudonymisation key in the environment variable "
          + "PIPELINE_PSEUDONYMISATION_KEY: " + e.getMessage(), e);
    }
  }

  private static int cohortColumn(CsvTable csv, Options options) {
    int cohort = csv.indexOf(COHORT);
    if (cohort < 0 && (options.defaultCohort() == null || options.defaultCohort().isBlank())) {
      throw new InvalidInputException(csv.source() + ": a cohort name is required (a 'cohort' column or --cohort), "
          + "found neither");
    }
    return cohort;
  }

  private static CsvTable csv(Path file) throws IOException {
    try {
      return CsvTable.read(file);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static int require(CsvTable csv, String column) {
    try {
      return csv.require(column);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static String requireText(String where, String column, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(where + ": " + column + " must not be empty");
    }
    return text.strip();
  }

  private static Integer label(String where, String column, String text) {
    return switch (text.strip()) {
      case "" -> null;
      case "0" -> 0;
      case "1" -> 1;
      default -> throw new InvalidInputException(where + ": " + column + " must be 0, 1 or empty, found '" + text + "'");
    };
  }
}
