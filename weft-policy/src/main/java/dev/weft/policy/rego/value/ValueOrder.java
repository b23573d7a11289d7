package dev.weft.policy.rego.value;

import dev.weft.policy.rego.internal.text.GoText;
import java.util.List;

/** OPA's total order over values. */
final class ValueOrder {

  private ValueOrder() {}

  static int compare(Value a, Value b) {
    if (a == b) {
      return 0;
    }
    int rank = Integer.compare(a.typeRank(), b.typeRank());
    if (rank != 0) {
      return rank;
    }
    return switch (a) {
      case NullValue n -> 0;
      case BooleanValue x -> Boolean.compare(x.value(), ((BooleanValue) b).value());
      case NumberValue x -> x.compareNumber((NumberValue) b);
      case StringValue x -> GoText.compareCodePoints(x.value(), ((StringValue) b).value());
      case ArrayValue x -> compareArrays(x, (ArrayValue) b);
      case ObjectValue x -> compareObjects(x, (ObjectValue) b);
      case SetValue x -> compareLists(x.sorted(), ((SetValue) b).sorted());
    };
  }

  private static int compareArrays(ArrayValue a, ArrayValue b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareLists(List<Value> a, List<Value> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareObjects(ObjectValue a, ObjectValue b) {
    List<Value> ka = a.sortedKeys();
    List<Value> kb = b.sortedKeys();
    int n = Math.min(ka.size(), kb.size());
    for (int i = 0; i < n; i++) {
      int c = compare(ka.get(i), kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }
}
