package org.pd1response.ensemble.fitting;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes generated paired validation predictions (see {@link PairedDataGenerator}) as CSV.
 *
 * <pre>
 * generate-paired-data --out FILE [--cases 600] [--seed 11] [--prevalence 0.5]
 *                      [--imaging-separation 1.0] [--clinical-separation 0.8]
 * </pre>
 */
public final class GeneratePairedDataCommand {

  private GeneratePairedDataCommand() {}

  public static void main(String[] args) throws Exception {
    CommandOptions options = new CommandOptions(args);
    Path out = Path.of(options.required("out"));
    PairedDataGenerator generator = new PairedDataGenerator((int) options.integer("cases", 600),
        options.number("prevalence", 0.5), options.number("imaging-separation", 1.0),
        options.number("clinical-separation", 0.8), options.integer("seed", 11));
    List<PairedPrediction> rows = generator.generate();
    PairedPrediction.writeCsv(out, rows);
    System.out.printf("wrote %d paired predictions (%d responders) to %s%n", rows.size(),
        rows.stream().mapToInt(PairedPrediction::label).sum(), out);
  }
}
