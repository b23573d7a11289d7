package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code object.get object.keys object.union object.union_n object.remove object.filter}, as OPA's
 * {@code object.go}.
 */
final class ObjectBuiltins {

  private ObjectBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of3("object.get", ObjectBuiltins::get),
        Fn.of1("object.keys", a -> SetValue.of(Operands.object(a, 1).keySet())),
        Fn.of2("object.union", ObjectBuiltins::union),
        Fn.of1("object.union_n", ObjectBuiltins::unionN),
        Fn.of2("object.remove", ObjectBuiltins::remove),
        Fn.of2("object.filter", ObjectBuiltins::filter));
  }

  private static Value get(Value a, Value key, Value fallback) throws BuiltinException {
    ObjectValue obj = Operands.object(a, 1);
    if (!(key instanceof ArrayValue path)) {
      Value v = obj.get(key);
      return v != null ? v : fallback;
    }
    Value cur = obj;
    for (Value k : path.elements()) {
      cur = step(cur, k);
      if (cur == null) {
        return fallback;
      }
    }
    return cur;
  }

  /** OPA's {@code Value.Find} for one path element; null when not found. */
  private static Value step(Value cur, Value k) {
    return switch (cur) {
      case ObjectValue o -> o.get(k);
      case ArrayValue arr -> {
        Long i = k instanceof NumberValue n ? Nums.goInt(n) : null;
        yield i != null && i >= 0 && i < arr.size() ? arr.get(i.intValue()) : null;
      }
      case SetValue s -> s.contains(k) ? k : null;
      default -> null;
    };
  }

  private static Value union(Value a, Value b) throws BuiltinException {
    ObjectValue x = Operands.object(a, 1);
    ObjectValue y = Operands.object(b, 2);
    return x.equals(y) ? x : merge(x, y);
  }

  /** OPA's {@code mergeWithOverwrite}: {@code b} wins, objects on both sides merge. */
  static ObjectValue merge(ObjectValue a, ObjectValue b) {
    ObjectValue.Builder out = ObjectValue.builder();
    for (Map.Entry<Value, Value> e : a.entrySet()) {
      Value other = b.get(e.getKey());
      if (other == null) {
        out.put(e.getKey(), e.getValue());
      } else if (e.getValue() instanceof ObjectValue x && other instanceof ObjectValue y) {
        out.put(e.getKey(), merge(x, y));
      } else {
        out.put(e.getKey(), other);
      }
    }
    for (Map.Entry<Value, Value> e : b.entrySet()) {
      if (a.get(e.getKey()) == null) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out.build();
  }

  private static Value unionN(Value a) throws BuiltinException {
    ArrayValue arr = Operands.array(a, 1);
    for (int i = arr.size() - 1; i >= 0; i--) {
      if (!(arr.get(i) instanceof ObjectValue)) {
        throw Operands.element(1, arr, arr.get(i), "object");
      }
    }
    ObjectValue result = ObjectValue.EMPTY;
    for (Value v : arr.elements()) {
      result = merge(result, (ObjectValue) v);
    }
    return result;
  }

  private static Set<Value> keys(Value v) throws BuiltinException {
    return switch (v) {
      case ArrayValue arr -> new HashSet<>(arr.elements());
      case SetValue s -> s.elements();
      case ObjectValue o -> o.keySet();
      default -> throw Operands.type(2, v, "object", "set", "array");
    };
  }

  private static Value remove(Value a, Value b) throws BuiltinException {
    ObjectValue obj = Operands.object(a, 1);
    Set<Value> drop = keys(b);
    ObjectValue.Builder out = ObjectValue.builder();
    for (Map.Entry<Value, Value> e : obj.entrySet()) {
      if (!drop.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out.build();
  }

  private static Value filter(Value a, Value b) throws BuiltinException {
    ObjectValue obj = Operands.object(a, 1);
    Set<Value> keep = keys(b);
    ObjectValue.Builder out = ObjectValue.builder();
    for (Map.Entry<Value, Value> e : obj.entrySet()) {
      if (keep.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out.build();
  }
}
