package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code json.filter} and {@code json.remove}: keep or drop the parts of an object named by JSON
 * pointer paths ({@code "a/b/0"}, {@code ~0} and {@code ~1} escapes) or arrays of path segments.
 */
final class JsonPathBuiltins {

  /** A leaf of the path tree: everything below it is selected. */
  private static final Object LEAF = NullValue.NULL;

  private JsonPathBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("json.filter", (a, b) -> filter(Operands.object(a, 1), tree(b))),
        Fn.of2("json.remove", (a, b) -> remove(Operands.object(a, 1), tree(b))));
  }

  /** OPA's {@code pathsToObject}: nested maps whose leaves are {@link #LEAF}. */
  private static Map<Value, Object> tree(Value paths) throws BuiltinException {
    if (!(paths instanceof ArrayValue) && !(paths instanceof SetValue)) {
      throw Operands.type(2, paths, "set", "array");
    }
    Map<Value, Object> root = new LinkedHashMap<>();
    for (Value p : Operands.elements(paths)) {
      List<Value> path = segments(p);
      if (path.isEmpty()) {
        continue;
      }
      Map<Value, Object> node = root;
      boolean done = false;
      for (int i = 0; i < path.size() - 1 && !done; i++) {
        Object child = node.get(path.get(i));
        if (child == null) {
          Map<Value, Object> next = new LinkedHashMap<>();
          node.put(path.get(i), next);
          node = next;
        } else if (child == LEAF) {
          done = true;
        } else {
          node = cast(child);
        }
      }
      if (!done) {
        node.put(path.getLast(), LEAF);
      }
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static Map<Value, Object> cast(Object node) {
    return (Map<Value, Object>) node;
  }

  private static List<Value> segments(Value p) throws BuiltinException {
    List<Value> out = new ArrayList<>();
    switch (p) {
      case StringValue s -> {
        if (!s.value().isEmpty()) {
          for (String part : s.value().replaceFirst("^/+", "").split("/", -1)) {
            out.add(StringValue.of(part.replace("~1", "/").replace("~0", "~")));
          }
        }
      }
      case ArrayValue a -> out.addAll(a.elements());
      default ->
          throw Operands.operandError(
              2,
              "must be one of {set, array} containing string"
                  + " paths or array of path segments but got "
                  + p.typeName());
    }
    return out;
  }

  /** OPA's {@code filterObject}. */
  private static Value filter(Value v, Object filter) {
    if (filter == LEAF) {
      return v;
    }
    Map<Value, Object> f = cast(filter);
    return switch (v) {
      case ArrayValue a -> {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          Object sub = f.get(StringValue.of(Integer.toString(i)));
          if (sub != null) {
            out.add(filter(a.get(i), sub));
          }
        }
        yield ArrayValue.of(out);
      }
      case SetValue s -> {
        LinkedHashSet<Value> out = new LinkedHashSet<>();
        for (Value e : s.sorted()) {
          if (f.get(e) != null) {
            out.add(filter(e, f.get(e)));
          }
        }
        yield SetValue.wrap(out);
      }
      case ObjectValue o -> {
        ObjectValue.Builder out = ObjectValue.builder();
        for (Value k : o.sortedKeys()) {
          if (f.get(k) != null) {
            out.put(k, filter(o.get(k), f.get(k)));
          }
        }
        yield out.build();
      }
      default -> v;
    };
  }

  /** OPA's {@code jsonRemove}; null when {@code v} itself is removed. */
  private static Value remove(Value v, Object removal) {
    if (removal == null) {
      return v;
    }
    if (removal == LEAF) {
      return null;
    }
    Map<Value, Object> r = cast(removal);
    return switch (v) {
      case ObjectValue o -> {
        ObjectValue.Builder out = ObjectValue.builder();
        for (Value k : o.sortedKeys()) {
          Value kept = remove(o.get(k), r.get(k));
          if (kept != null) {
            out.put(k, kept);
          }
        }
        yield out.build();
      }
      case SetValue s -> {
        LinkedHashSet<Value> out = new LinkedHashSet<>();
        for (Value e : s.sorted()) {
          Value kept = remove(e, r.get(e));
          if (kept != null) {
            out.add(kept);
          }
        }
        yield SetValue.wrap(out);
      }
      case ArrayValue a -> {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          Value kept = remove(a.get(i), r.get(StringValue.of(Integer.toString(i))));
          if (kept != null) {
            out.add(kept);
          }
        }
        yield ArrayValue.of(out);
      }
      default -> v;
    };
  }
}
