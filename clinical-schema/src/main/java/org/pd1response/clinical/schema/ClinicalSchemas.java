package org.pd1response.clinical.schema;

/** The clinical schemas shipped with this module, read once from the class path. */
public final class ClinicalSchemas {

  /** Resource of the UCI HCC Survival schema: 49 features, outcome excluded. */
  public static final String UCI_HCC_RESOURCE = "/clinical-schemas/uci-hcc.json";

  /** Resource of the baseline indicators of HCC patients before PD-1 blockade. */
  public static final String HCC_PD1_BASELINE_RESOURCE = "/clinical-schemas/hcc-pd1-baseline.json";

  private static final ClinicalSchema UCI_HCC = ClinicalSchema.fromResource(UCI_HCC_RESOURCE);
  private static final ClinicalSchema HCC_PD1_BASELINE = ClinicalSchema.fromResource(HCC_PD1_BASELINE_RESOURCE);

  private ClinicalSchemas() {}

  /** Returns the UCI HCC Survival schema, named {@code uci-hcc}. */
  public static ClinicalSchema uciHcc() {
    return UCI_HCC;
  }

  /** Returns the study's baseline schema, named {@code hcc-pd1-baseline}. */
  public static ClinicalSchema hccPd1Baseline() {
    return HCC_PD1_BASELINE;
  }

  /**
   * Returns a shipped schema by name.
   *
   * @throws IllegalArgumentException naming the shipped schemas when {@code name} matches none of them
   */
  public static ClinicalSchema byName(String name) {
    if (UCI_HCC.name().equals(name)) {
      return UCI_HCC;
    }
    if (HCC_PD1_BASELINE.name().equals(name)) {
      return HCC_PD1_BASELINE;
    }
    throw new IllegalArgumentException(
        "unknown clinical schema '" + name + "': expected " + UCI_HCC.name() + " or " + HCC_PD1_BASELINE.name());
  }
}
