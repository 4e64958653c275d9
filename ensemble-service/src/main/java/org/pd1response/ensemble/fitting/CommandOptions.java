package org.pd1response.ensemble.fitting;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} options of the fitting commands. */
final class CommandOptions {

  private final Map<String, String> values = new HashMap<>();

  CommandOptions(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option starting with --, found '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return value;
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  double number(String name, double fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be a number, found '" + value + "'", e);
    }
  }

  long integer(String name, long fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be an integer, found '" + value + "'", e);
    }
  }
}
