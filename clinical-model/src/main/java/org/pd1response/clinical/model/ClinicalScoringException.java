package org.pd1response.clinical.model;

/**
 * A record that the model cannot score: a value in a unit other than the model's canonical unit,
 * a PRESENT value without a number, or no selected feature present at all. The message names the
 * field, the value found and the expected form.
 */
public class ClinicalScoringException extends RuntimeException {

  private final String field;

  public ClinicalScoringException(String field, String value, String expected) {
    super("cannot score clinical field '" + field + "': found " + (value == null ? "null" : "'" + value + "'")
        + ", expected " + expected);
    this.field = field;
  }

  /** Returns the name of the field that could not be scored. */
  public String field() {
    return field;
  }
}
