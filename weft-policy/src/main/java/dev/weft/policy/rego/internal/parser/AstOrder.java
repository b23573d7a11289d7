package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * OPA's order of syntax-tree terms, applied to their JSON form ({@code {"type", "value"}}), in
 * which OPA writes the elements of a set and the pairs of an object: first by kind (null, boolean,
 * number, string, var, ref, array, object, set, the three comprehensions, call), then by value:
 * scalars as values, variables by name, references, arrays, calls, sets and objects element by
 * element, comprehensions by their head term.
 */
final class AstOrder {

  private static final List<String> KINDS =
      List.of(
          "null",
          "boolean",
          "number",
          "string",
          "var",
          "ref",
          "array",
          "object",
          "set",
          "arraycomprehension",
          "objectcomprehension",
          "setcomprehension",
          "call");

  private static final Comparator<Value> TERMS = AstOrder::compare;

  private AstOrder() {}

  /** A set's elements: sorted, each once. */
  static List<Value> sortedSet(List<Value> terms) {
    List<Value> sorted = new ArrayList<>(terms);
    sorted.sort(TERMS);
    List<Value> out = new ArrayList<>();
    for (Value t : sorted) {
      if (out.isEmpty() || compare(out.getLast(), t) != 0 || !out.getLast().equals(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** An object's {@code [key, value]} pairs, sorted by key. */
  static List<Value> sortedPairs(List<Value> pairs) {
    List<Value> sorted = new ArrayList<>(pairs);
    sorted.sort(Comparator.comparing(p -> ((ArrayValue) p).get(0), TERMS));
    return sorted;
  }

  static int compare(Value a, Value b) {
    String kindA = ((StringValue) field(a, "type")).value();
    String kindB = ((StringValue) field(b, "type")).value();
    int byKind = Integer.compare(KINDS.indexOf(kindA), KINDS.indexOf(kindB));
    if (byKind != 0) {
      return byKind;
    }
    Value x = field(a, "value");
    Value y = field(b, "value");
    return switch (kindA) {
      case "null", "boolean", "number", "string", "var" -> x.compareTo(y);
      case "ref", "array", "call", "set" -> elements((ArrayValue) x, (ArrayValue) y);
      case "object" -> pairs((ArrayValue) x, (ArrayValue) y);
      case "objectcomprehension" -> compare(field(x, "key"), field(y, "key"));
      default -> compare(field(x, "term"), field(y, "term"));
    };
  }

  private static int elements(ArrayValue x, ArrayValue y) {
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private static int pairs(ArrayValue x, ArrayValue y) {
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      ArrayValue p = (ArrayValue) x.get(i);
      ArrayValue q = (ArrayValue) y.get(i);
      int c = compare(p.get(0), q.get(0));
      if (c == 0) {
        c = compare(p.get(1), q.get(1));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private static Value field(Value term, String name) {
    return ((ObjectValue) term).get(StringValue.of(name));
  }
}
