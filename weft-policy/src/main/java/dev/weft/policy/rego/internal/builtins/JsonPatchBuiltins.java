package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code json.patch} (RFC 6902 over Rego values, paths as {@code "/a/0"} or as arrays of keys; any
 * failing operation makes the result undefined, as in OPA) and {@code json.marshal_with_options}.
 */
final class JsonPatchBuiltins {

  /** A patch operation that cannot apply. */
  private static final class PatchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    PatchFailure() {
      super(null, null, false, false);
    }
  }

  private JsonPatchBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("json.patch", JsonPatchBuiltins::patch),
        Fn.of2("json.marshal_with_options", JsonPatchBuiltins::marshalWithOptions));
  }

  private static Value marshalWithOptions(Value a, Value b) throws BuiltinException {
    ObjectValue options = Operands.object(b, 2);
    String indent = "\t";
    String prefix = "";
    boolean implicitPretty = false;
    Boolean explicitPretty = null;
    for (Value key : options.sortedKeys()) {
      Value v = options.get(key);
      String name = key instanceof StringValue s ? s.value() : null;
      if ("prefix".equals(name) || "indent".equals(name)) {
        if (!(v instanceof StringValue s)) {
          throw Operands.type(2, v, "string");
        }
        if (name.equals("prefix")) {
          prefix = s.value();
        } else {
          indent = s.value();
        }
        implicitPretty = true;
      } else if ("pretty".equals(name)) {
        if (!(v instanceof BooleanValue bv)) {
          throw Operands.type(2, v, "boolean");
        }
        explicitPretty = bv == BooleanValue.TRUE;
      } else {
        throw Operands.operandError(2, "object contained unknown key " + key);
      }
    }
    String compact = GoJsonWriter.write(a);
    boolean pretty = explicitPretty != null ? explicitPretty : implicitPretty;
    return StringValue.of(pretty ? prefix + GoJsonWriter.indent(compact, prefix, indent) : compact);
  }

  private static Value patch(Value target, Value ops) throws BuiltinException {
    ArrayValue operations = Operands.array(ops, 2);
    Value doc = target;
    try {
      for (Value op : operations.elements()) {
        doc = apply(doc, op);
      }
    } catch (PatchFailure e) {
      return null;
    }
    return doc;
  }

  private static Value apply(Value doc, Value opValue) throws PatchFailure {
    if (!(opValue instanceof ObjectValue op) || !(op.get("op") instanceof StringValue name)) {
      throw new PatchFailure();
    }
    List<Value> path = path(required(op, "path"));
    return switch (name.value()) {
      case "add" -> insert(doc, path, 0, required(op, "value"));
      case "remove" -> delete(doc, path, 0);
      case "replace" -> insert(delete(doc, path, 0), path, 0, required(op, "value"));
      case "move" -> {
        List<Value> from = path(required(op, "from"));
        Value chunk = render(doc, from);
        yield insert(delete(doc, from, 0), path, 0, chunk);
      }
      case "copy" -> insert(doc, path, 0, render(doc, path(required(op, "from"))));
      case "test" -> {
        if (!render(doc, path).equals(required(op, "value"))) {
          throw new PatchFailure();
        }
        yield doc;
      }
      default -> throw new PatchFailure();
    };
  }

  private static Value required(ObjectValue op, String attribute) throws PatchFailure {
    Value v = op.get(attribute);
    if (v == null) {
      throw new PatchFailure();
    }
    return v;
  }

  /** OPA's {@code parsePath}: {@code "/a/b"} (with ~0 and ~1 escapes) or an array of keys. */
  private static List<Value> path(Value p) throws PatchFailure {
    List<Value> out = new ArrayList<>();
    switch (p) {
      case StringValue s -> {
        if (s.value().isEmpty()) {
          return out;
        }
        String trimmed = s.value().replaceFirst("^/+", "");
        for (String part : trimmed.split("/", -1)) {
          out.add(StringValue.of(part.replace("~1", "/").replace("~0", "~")));
        }
      }
      case ArrayValue a -> out.addAll(a.elements());
      default -> throw new PatchFailure();
    }
    return out;
  }

  private static Value render(Value doc, List<Value> path) throws PatchFailure {
    Value cur = doc;
    for (Value key : path) {
      cur = child(cur, key);
      if (cur == null) {
        throw new PatchFailure();
      }
    }
    return cur;
  }

  private static Value child(Value parent, Value key) throws PatchFailure {
    return switch (parent) {
      case ObjectValue o -> o.get(key);
      case ArrayValue a -> {
        int i = index(key, a.size(), false);
        yield i < 0 ? null : a.get(i);
      }
      case SetValue s -> s.contains(key) ? key : null;
      default -> null;
    };
  }

  /** An array index from a path key: a number or decimal string in range, {@code -} appends. */
  private static int index(Value key, int size, boolean forInsert) throws PatchFailure {
    long i;
    if (key instanceof StringValue s) {
      if (forInsert && s.value().equals("-")) {
        return size;
      }
      if (!s.value().matches("0|[1-9][0-9]{0,9}")) {
        throw new PatchFailure();
      }
      i = Long.parseLong(s.value());
    } else if (key instanceof NumberValue n && n.isLong()) {
      i = n.longValue();
    } else {
      throw new PatchFailure();
    }
    if (i < 0 || i > size || !forInsert && i == size) {
      throw new PatchFailure();
    }
    return (int) i;
  }

  private static Value insert(Value doc, List<Value> path, int depth, Value value)
      throws PatchFailure {
    if (depth == path.size()) {
      return value;
    }
    Value key = path.get(depth);
    boolean last = depth == path.size() - 1;
    switch (doc) {
      case ObjectValue o -> {
        Value existing = o.get(key);
        if (!last && existing == null) {
          throw new PatchFailure();
        }
        ObjectValue.Builder b = ObjectValue.builder();
        for (Map.Entry<Value, Value> e : o.entrySet()) {
          b.put(e.getKey(), e.getValue());
        }
        b.put(key, last ? value : insert(existing, path, depth + 1, value));
        return b.build();
      }
      case ArrayValue a -> {
        List<Value> items = new ArrayList<>(a.elements());
        if (last) {
          items.add(index(key, a.size(), true), value);
        } else {
          int i = index(key, a.size(), false);
          items.set(i, insert(items.get(i), path, depth + 1, value));
        }
        return ArrayValue.of(items);
      }
      case SetValue s -> {
        LinkedHashSet<Value> items = new LinkedHashSet<>(s.elements());
        if (last) {
          items.add(value);
        } else {
          if (!items.remove(key)) {
            throw new PatchFailure();
          }
          items.add(insert(key, path, depth + 1, value));
        }
        return SetValue.wrap(items);
      }
      default -> throw new PatchFailure();
    }
  }

  private static Value delete(Value doc, List<Value> path, int depth) throws PatchFailure {
    if (path.isEmpty()) {
      throw new PatchFailure();
    }
    Value key = path.get(depth);
    boolean last = depth == path.size() - 1;
    switch (doc) {
      case ObjectValue o -> {
        Value existing = o.get(key);
        if (existing == null) {
          throw new PatchFailure();
        }
        ObjectValue.Builder b = ObjectValue.builder();
        for (Map.Entry<Value, Value> e : o.entrySet()) {
          if (!e.getKey().equals(key)) {
            b.put(e.getKey(), e.getValue());
          } else if (!last) {
            b.put(e.getKey(), delete(existing, path, depth + 1));
          }
        }
        return b.build();
      }
      case ArrayValue a -> {
        List<Value> items = new ArrayList<>(a.elements());
        int i = index(key, a.size(), false);
        if (last) {
          items.remove(i);
        } else {
          items.set(i, delete(items.get(i), path, depth + 1));
        }
        return ArrayValue.of(items);
      }
      case SetValue s -> {
        LinkedHashSet<Value> items = new LinkedHashSet<>(s.elements());
        if (!items.remove(key)) {
          throw new PatchFailure();
        }
        if (!last) {
          items.add(delete(key, path, depth + 1));
        }
        return SetValue.wrap(items);
      }
      default -> throw new PatchFailure();
    }
  }
}
