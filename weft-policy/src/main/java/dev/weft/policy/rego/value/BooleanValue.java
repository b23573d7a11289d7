package dev.weft.policy.rego.value;

/** Rego's {@code true} and {@code false}. */
public final class BooleanValue implements Value {

  /** {@code false}. */
  public static final BooleanValue FALSE = new BooleanValue(false);

  /** {@code true}. */
  public static final BooleanValue TRUE = new BooleanValue(true);

  private final boolean value;

  private BooleanValue(boolean value) {
    this.value = value;
  }

  /** The boolean value for {@code b}. */
  public static BooleanValue of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** The Java boolean. */
  public boolean value() {
    return value;
  }

  @Override
  public String typeName() {
    return "boolean";
  }

  @Override
  public int typeRank() {
    return 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BooleanValue b && b.value == value;
  }

  @Override
  public int hashCode() {
    return value ? 1231 : 1237;
  }

  @Override
  public String toString() {
    return value ? "true" : "false";
  }
}
