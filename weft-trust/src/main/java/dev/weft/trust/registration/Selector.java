package dev.weft.trust.registration;

import java.util.Objects;

/**
 * A workload or node selector, {@code type:value}, for example {@code unix:uid:1000} (type {@code
 * unix}, value {@code uid:1000}). The value may itself contain ':'.
 *
 * @param type the attestor, lowercase letters, digits, '_' and '-'
 * @param value what the attestor must observe, non-empty
 */
public record Selector(String type, String value) implements Comparable<Selector> {
  public Selector {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (!type.matches("[a-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "selector type: \"" + type + "\" (expected: lowercase letters, digits, '_' or '-')");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("selector value: empty (expected: type:value)");
    }
  }

  /**
   * Parses {@code type:value}.
   *
   * @throws IllegalArgumentException naming what is missing
   */
  public static Selector parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "selector: \"" + text + "\" (expected: type:value, for example unix:uid:1000)");
    }
    return new Selector(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public int compareTo(Selector o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
