package dev.weft.policy.rego.value;

import java.util.Objects;

/**
 * A Rego string.
 *
 * @param value the Java string, never null
 */
public record StringValue(String value) implements Value {

  /** The empty string. */
  public static final StringValue EMPTY = new StringValue("");

  /** Validates the value. */
  public StringValue {
    Objects.requireNonNull(value, "value");
  }

  /** The string value for {@code s}. */
  public static StringValue of(String s) {
    return s.isEmpty() ? EMPTY : new StringValue(s);
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public int typeRank() {
    return 3;
  }

  @Override
  public String toString() {
    return ValueFormat.quote(value);
  }
}
