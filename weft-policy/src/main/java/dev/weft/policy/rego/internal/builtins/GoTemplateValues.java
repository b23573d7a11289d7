package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.text.GoText;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Go's view of template values: printing ({@code %v}), truth, type names and ordering. */
final class GoTemplateValues {

  /** No piped value (the first command of a pipeline). */
  static final Object NONE = new Object();

  /** A key the data does not have: printed as {@code <undefined>}, false, without fields. */
  static final Object UNDEFINED =
      new Object() {
        @Override
        public String toString() {
          return "<undefined>";
        }
      };

  private GoTemplateValues() {}

  static boolean isNil(Object v) {
    return v == null || v instanceof NullValue;
  }

  /** text/template's output of a value: {@code <no value>} for nil. */
  static String print(Object v) {
    return v == UNDEFINED ? "<undefined>" : isNil(v) ? "<no value>" : format(v);
  }

  /** Go's {@code fmt} {@code %v}: maps as {@code map[k:v]}, slices as {@code [a b]}. */
  static String format(Object v) {
    return switch (v) {
      case null -> "<nil>";
      case NullValue n -> "<nil>";
      case StringValue s -> s.value();
      case NumberValue n -> n.toString();
      case BooleanValue b -> b.toString();
      case Long l -> l.toString();
      case Double d -> goFloat(d);
      case ArrayValue a -> {
        List<String> parts = new ArrayList<>();
        a.elements().forEach(e -> parts.add(format(e)));
        yield "[" + String.join(" ", parts) + "]";
      }
      case ObjectValue o -> {
        List<String> parts = new ArrayList<>();
        for (Value k : sortedKeys(o)) {
          parts.add(format(k) + ":" + format(o.get(k)));
        }
        yield "map[" + String.join(" ", parts) + "]";
      }
      default -> String.valueOf(v);
    };
  }

  /** Go's {@code %v} of a float64 ({@code strconv.FormatFloat(f, 'g', -1, 64)}). */
  static String goFloat(double d) {
    return GoFmtVerbs.general(d, -1, false);
  }

  static List<Value> sortedKeys(ObjectValue o) {
    List<Value> keys = new ArrayList<>(o.keySet());
    keys.sort(
        (a, b) ->
            a instanceof StringValue x && b instanceof StringValue y
                ? GoText.compareCodePoints(x.value(), y.value())
                : a.compareTo(b));
    return keys;
  }

  /** text/template's truth: false, 0, nil and empty strings, slices and maps are false. */
  static boolean truth(Object v) {
    if (v == UNDEFINED) {
      return false;
    }
    return switch (v) {
      case null -> false;
      case NullValue n -> false;
      case BooleanValue b -> b == BooleanValue.TRUE;
      case StringValue s -> !s.value().isEmpty();
      case NumberValue n -> !n.toString().isEmpty();
      case Long l -> l != 0;
      case Double d -> d != 0;
      case ArrayValue a -> a.size() > 0;
      case ObjectValue o -> o.size() > 0;
      default -> true;
    };
  }

  /** The Go type a value has in OPA's template data. */
  static String goType(Object v) {
    return switch (v) {
      case StringValue s -> "string";
      case NumberValue n -> "json.Number";
      case BooleanValue b -> "bool";
      case Long l -> "int";
      case Double d -> "float64";
      case ArrayValue a -> "[]interface {}";
      case ObjectValue o -> "map[string]interface {}";
      default -> "interface {}";
    };
  }

  /** The kind Go compares by: string (also json.Number), int, float, bool, or none. */
  static String kind(Object v) {
    return switch (v) {
      case StringValue s -> "string";
      case NumberValue n -> "string";
      case Long l -> "int";
      case Double d -> "float";
      case BooleanValue b -> "bool";
      default -> "none";
    };
  }

  static String text(Object v) {
    return v instanceof StringValue s ? s.value() : v instanceof NumberValue n ? n.toString() : "";
  }
}
