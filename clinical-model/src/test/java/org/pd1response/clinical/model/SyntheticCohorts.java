package org.pd1response.clinical.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pd1response.clinical.schema.ClinicalNormaliser;
import org.pd1response.clinical.schema.ClinicalSchema;
import org.pd1response.clinical.schema.NormalisedRecord;
import org.pd1response.clinical.schema.RawValue;

/**
 * Small generated cohorts: two informative lab values ({@code albumin}, {@code afp}), one binary
 * ({@code invasion}) and two noise features, with a chosen share of missing values.
 */
final class SyntheticCohorts {

  static final ClinicalSchema SCHEMA = ClinicalSchema.read(new ByteArrayInputStream(("""
      {"schemaVersion":1,"name":"synthetic","version":"1","missingCodes":["?"],"indicators":[
       {"name":"albumin","type":"CONTINUOUS","unit":"g/L","range":{"min":10,"max":60},
        "alternativeUnits":[{"unit":"g/dL","factor":10}]},
       {"name":"afp","type":"CONTINUOUS","unit":"ng/mL","range":{"min":0.1,"max":100000},"zeroImpossible":true},
       {"name":"invasion","type":"BINARY","range":{"min":0,"max":1}},
       {"name":"noise_a","type":"CONTINUOUS","unit":"U/L","range":{"min":0,"max":1000}},
       {"name":"noise_b","type":"CONTINUOUS","unit":"U/L","range":{"min":0,"max":1000}}]}
      """).getBytes(StandardCharsets.UTF_8)));

  private SyntheticCohorts() {}

  /** Generates a cohort; positives have higher albumin, lower AFP and less invasion. */
  static Cohort generate(int rows, int positives, double missingShare, long seed) {
    Random random = new Random(seed);
    ClinicalNormaliser normaliser = new ClinicalNormaliser(SCHEMA);
    List<NormalisedRecord> records = new ArrayList<>();
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      int label = i < positives ? 1 : 0;
      labels[i] = label;
      double albumin = 35 + 6 * label + 4 * random.nextGaussian();
      double afp = Math.exp(3 - 1.2 * label + random.nextGaussian());
      int invasion = random.nextDouble() < (label == 1 ? 0.2 : 0.6) ? 1 : 0;
      records.add(normaliser.normalise(List.of(
          raw(random, missingShare, "albumin", String.format("%.1f", Math.max(11, albumin))),
          raw(random, missingShare, "afp", String.format("%.2f", Math.max(0.2, afp))),
          raw(random, missingShare, "invasion", Integer.toString(invasion)),
          raw(random, missingShare, "noise_a", String.format("%.0f", 40 + 10 * Math.abs(random.nextGaussian()))),
          raw(random, missingShare, "noise_b", String.format("%.0f", 80 + 20 * Math.abs(random.nextGaussian()))))));
    }
    return new Cohort(SCHEMA, records, labels, "0".repeat(64));
  }

  private static RawValue raw(Random random, double missingShare, String name, String text) {
    return RawValue.of(name, random.nextDouble() < missingShare ? "?" : text);
  }
}
