package org.pd1response.clinical.schema;

/**
 * An accepted alternative unit of an indicator.
 *
 * @param unit unit as it appears in source data, such as {@code /uL}
 * @param factor multiplier that turns a value in {@code unit} into the canonical unit
 */
public record UnitConversion(String unit, double factor) {}
