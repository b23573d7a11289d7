package dev.weft.policy.rego.value;

/** Rego's {@code null}. */
public final class NullValue implements Value {

  /** The only null. */
  public static final NullValue NULL = new NullValue();

  private NullValue() {}

  @Override
  public String typeName() {
    return "null";
  }

  @Override
  public int typeRank() {
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NullValue;
  }

  @Override
  public int hashCode() {
    return 0x6e756c6c;
  }

  @Override
  public String toString() {
    return "null";
  }
}
