package org.pd1response.clinical.schema;

import java.util.List;

/**
 * How to read a value that arrives without a unit in a column known to mix units, such as UCI
 * HCC platelets given both in 10^9/L (about 50-600) and per microlitre (about 40,000-460,000).
 * The first matching band names the unit; a value that matches no band is in the canonical unit.
 *
 * @param reason why the rule exists and how its band limits were chosen
 */
public record MagnitudeRule(String reason, List<MagnitudeBand> bands) {

  public MagnitudeRule {
    bands = bands == null ? List.of() : List.copyOf(bands);
  }
}
