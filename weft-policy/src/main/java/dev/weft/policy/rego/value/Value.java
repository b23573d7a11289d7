package dev.weft.policy.rego.value;

/**
 * A Rego value: one of the seven types of OPA's value model.
 *
 * <p>Values are immutable. Equality is Rego equality: {@code 1} equals {@code 1.0}, objects and
 * sets compare without regard to order. The total order ({@link #compareTo}) is OPA's: null &lt;
 * boolean &lt; number &lt; string &lt; array &lt; object &lt; set, then by content.
 */
public sealed interface Value extends Comparable<Value>
    permits NullValue, BooleanValue, NumberValue, StringValue, ArrayValue, ObjectValue, SetValue {

  /** The type's name as {@code type_name} reports it: {@code "null"}, {@code "boolean"}, ... */
  String typeName();

  /** The type's rank in OPA's sort order (null = 0 ... set = 6). */
  int typeRank();

  /** Whether the value is null, a boolean, a number or a string. */
  default boolean isScalar() {
    return typeRank() < 4;
  }

  /**
   * The value as a Rego term (OPA's {@code Term.String()}: object keys and set elements sorted, the
   * empty set as {@code set()}), with strings quoted by {@code quote}; {@link #toString()} quotes
   * them as JSON does.
   */
  static String format(Value v, java.util.function.UnaryOperator<String> quote) {
    return ValueFormat.rego(v, quote);
  }

  @Override
  default int compareTo(Value other) {
    return ValueOrder.compare(this, other);
  }
}
