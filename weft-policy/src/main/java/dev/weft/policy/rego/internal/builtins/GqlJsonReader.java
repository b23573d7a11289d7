package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one JSON object into a Go struct as {@code encoding/json} does, for {@link GqlDecoder}:
 * fields by name (case-insensitively, or exactly inside gqlparser's own decoders), null leaves a
 * field at its zero value, and a value of the wrong type fails with Go's message, which names the
 * struct and the field path from where decoding started.
 */
final class GqlJsonReader {

  /** A value that does not decode, with Go's message. */
  static sealed class DecodeException extends Exception permits TooDeepException {
    @Serial private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message);
    }
  }

  /** A syntax tree nested beyond {@link #MAX_DEPTH}: never taken as a failed alternative. */
  static final class TooDeepException extends DecodeException {
    @Serial private static final long serialVersionUID = 1L;

    TooDeepException(String message) {
      super(message);
    }
  }

  /** Decodes the struct a reader is on. */
  @FunctionalInterface
  interface Dec<T> {
    T decode(GqlJsonReader r) throws DecodeException;
  }

  private final Map<String, Value> keys;
  private final Value raw;
  private final String struct;
  private final String path;
  private final boolean exact;
  private final int depth;

  private GqlJsonReader(
      Map<String, Value> keys, Value raw, String struct, String path, boolean exact, int depth)
      throws DecodeException {
    if (depth > MAX_DEPTH) {
      throw new TooDeepException(
          "GraphQL syntax tree nesting: more than "
              + MAX_DEPTH
              + " levels (expected: at most "
              + MAX_DEPTH
              + ")");
    }
    this.keys = keys;
    this.raw = raw;
    this.struct = struct;
    this.path = path;
    this.exact = exact;
    this.depth = depth;
  }

  /**
   * How deeply the objects of a syntax tree may nest: a tree the parser would accept ({@link
   * GqlParser#MAX_DEPTH} levels) fits, and a hostile one cannot exhaust the stack.
   */
  static final int MAX_DEPTH = 4 * GqlParser.MAX_DEPTH;

  /** A reader on {@code v} decoded as the top-level Go struct {@code struct}. */
  static GqlJsonReader root(Value v, String struct, boolean exact) throws DecodeException {
    return root(v, struct, exact, 0);
  }

  private static GqlJsonReader root(Value v, String struct, boolean exact, int depth)
      throws DecodeException {
    if (!(v instanceof ObjectValue o)) {
      throw new DecodeException(valueError(v, "ast." + struct));
    }
    return new GqlJsonReader(keysOf(o), v, struct, "", exact, depth);
  }

  /** {@code v}, nested in this one, decoded from the top as the Go struct {@code struct}. */
  GqlJsonReader rootChild(Value v, String struct) throws DecodeException {
    return root(v, struct, false, depth + 1);
  }

  /** {@code v}, nested in this one, handed to one of gqlparser's own decoders. */
  GqlJsonReader customChild(Value v) throws DecodeException {
    return customRoot(v, depth + 1);
  }

  /** gqlparser's decoders start by reading the object into a {@code map[string]RawMessage}. */
  private static GqlJsonReader customRoot(Value v, int depth) throws DecodeException {
    if (!(v instanceof ObjectValue o)) {
      throw new DecodeException(valueError(v, "map[string]json.RawMessage"));
    }
    return new GqlJsonReader(keysOf(o), v, "", "", true, depth);
  }

  /** This element handed to one of gqlparser's own decoders. */
  GqlJsonReader custom() throws DecodeException {
    return customRoot(raw, depth);
  }

  private static Map<String, Value> keysOf(ObjectValue o) {
    Map<String, Value> sorted = new TreeMap<>();
    for (Map.Entry<Value, Value> e : o.entrySet()) {
      String key = e.getKey() instanceof StringValue s ? s.value() : Json.write(e.getKey());
      sorted.put(key, e.getValue());
    }
    return sorted;
  }

  /** The value for a Go field: the last key that names it; null when absent. */
  private Value get(String field) {
    if (exact) {
      return keys.get(field);
    }
    Value found = null;
    for (Map.Entry<String, Value> e : keys.entrySet()) {
      if (e.getKey().equalsIgnoreCase(field)) {
        found = e.getValue();
      }
    }
    return found;
  }

  private static String kind(Value v) {
    return switch (v) {
      case StringValue s -> "string";
      case NumberValue n -> "number";
      case BooleanValue b -> "bool";
      case ArrayValue a -> "array";
      case SetValue s -> "array";
      case ObjectValue o -> "object";
      default -> "null";
    };
  }

  private static String valueError(Value v, String type) {
    return "json: cannot unmarshal " + kind(v) + " into Go value of type " + type;
  }

  private String fieldPath(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private DecodeException fieldError(String what, String field, String type) {
    if (struct.isEmpty()) {
      return new DecodeException(
          "json: cannot unmarshal " + what + " into Go value of type " + type);
    }
    return new DecodeException(
        "json: cannot unmarshal "
            + what
            + " into Go struct field "
            + struct
            + "."
            + fieldPath(field)
            + " of type "
            + type);
  }

  private static List<Value> elements(Value v) {
    return v instanceof SetValue s ? new ArrayList<>(s.sorted()) : ((ArrayValue) v).elements();
  }

  private static boolean isArray(Value v) {
    return v instanceof ArrayValue || v instanceof SetValue;
  }

  String string(String field, String type) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return "";
    }
    if (v instanceof StringValue s) {
      return s.value();
    }
    throw fieldError(kind(v), field, type);
  }

  boolean bool(String field) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return false;
    }
    if (v instanceof BooleanValue b) {
      return b.value();
    }
    throw fieldError(kind(v), field, "bool");
  }

  long integer(String field, String type) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return 0;
    }
    if (v instanceof NumberValue n) {
      if (n.isLong()) {
        return n.longValue();
      }
      throw fieldError("number " + n, field, type);
    }
    throw fieldError(kind(v), field, type);
  }

  /** A pointer to a struct: null when absent or null. */
  <T> T struct(String field, String name, Dec<T> dec) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return null;
    }
    if (!(v instanceof ObjectValue o)) {
      throw fieldError(kind(v), field, "ast." + name);
    }
    return dec.decode(new GqlJsonReader(keysOf(o), v, name, fieldPath(field), false, depth + 1));
  }

  /** A slice of pointers to structs; a null element stays null. */
  <T> void list(String field, String listType, String elem, Dec<T> dec, List<T> out)
      throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return;
    }
    if (!isArray(v)) {
      throw fieldError(kind(v), field, listType);
    }
    for (Value item : elements(v)) {
      if (item instanceof NullValue) {
        out.add(null);
      } else if (item instanceof ObjectValue o) {
        out.add(
            dec.decode(
                new GqlJsonReader(keysOf(o), item, elem, fieldPath(field), false, depth + 1)));
      } else {
        throw fieldError(kind(item), field, "ast." + elem);
      }
    }
  }

  /** A slice of elements with their own decoder (gqlparser's), which gets each one as it is. */
  <T> void customList(String field, String listType, Dec<T> dec, List<T> out)
      throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return;
    }
    if (!isArray(v)) {
      throw fieldError(kind(v), field, listType);
    }
    for (Value item : elements(v)) {
      out.add(
          item instanceof NullValue
              ? null
              : dec.decode(new GqlJsonReader(Map.of(), item, "", "", true, depth + 1)));
    }
  }

  /** A pointer to a struct with its own decoder (gqlparser's), which gets the value as it is. */
  <T> T customStruct(String field, Dec<T> dec) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return null;
    }
    return dec.decode(new GqlJsonReader(Map.of(), v, "", "", true, depth + 1));
  }

  void strings(String field, String type, List<String> out) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return;
    }
    if (!isArray(v)) {
      throw fieldError(kind(v), field, type);
    }
    for (Value item : elements(v)) {
      if (item instanceof StringValue s) {
        out.add(s.value());
      } else if (item instanceof NullValue) {
        out.add("");
      } else {
        throw fieldError(kind(item), field, type.substring(2));
      }
    }
  }

  /** In gqlparser's decoders, each field is decoded on its own, from the top. */
  String rootString(String field, String type) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return "";
    }
    if (v instanceof StringValue s) {
      return s.value();
    }
    throw new DecodeException(valueError(v, type));
  }

  <T> T rootStruct(String field, String name, Dec<T> dec) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return null;
    }
    return dec.decode(root(v, name, false, depth + 1));
  }

  <T> void rootList(String field, String listType, String elem, Dec<T> dec, List<T> out)
      throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return;
    }
    if (!isArray(v)) {
      throw new DecodeException(valueError(v, listType));
    }
    for (Value item : elements(v)) {
      if (item instanceof NullValue) {
        out.add(null);
      } else {
        out.add(dec.decode(root(item, elem, false, depth + 1)));
      }
    }
  }

  /** The elements of a selection set, for {@code UnmarshalSelectionSet}. */
  List<Value> rawArray(String field) throws DecodeException {
    Value v = get(field);
    if (v == null || v instanceof NullValue) {
      return List.of();
    }
    if (!isArray(v)) {
      throw new DecodeException(valueError(v, "[]json.RawMessage"));
    }
    return elements(v);
  }
}
