package dev.weft.bench.fabric;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One grep-able result line, {@code fabric NAME key=value ...}: figures that were not measured in
 * this run are left out, and so is the ratio unless both of its terms were measured.
 */
final class Line {
  private final String name;
  private final Map<String, String> fields = new LinkedHashMap<>();

  Line(String name) {
    this.name = name;
  }

  /** Adds {@code key=value} (a whole number) if {@code value} is not null. */
  Line whole(String key, Double value) {
    if (value != null) {
      fields.put(key, String.format(Locale.ROOT, "%.0f", value));
    }
    return this;
  }

  /** Adds {@code key=value} with one decimal if {@code value} is not null. */
  Line decimal(String key, Double value) {
    if (value != null) {
      fields.put(key, String.format(Locale.ROOT, "%.1f", value));
    }
    return this;
  }

  /** Adds {@code ratio=a/b} (two decimals) if both are measured. */
  Line ratio(Double numerator, Double denominator) {
    if (numerator != null && denominator != null && denominator != 0) {
      fields.put("ratio", String.format(Locale.ROOT, "%.2f", numerator / denominator));
    }
    return this;
  }

  /** Adds a free-form {@code key=value}. */
  Line text(String key, String value) {
    fields.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder line = new StringBuilder("fabric ").append(name);
    fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    return line.toString();
  }
}
