package dev.weft.policy.testing;

import dev.weft.policy.rego.internal.text.GoText;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way OPA's command line does (Go's {@code encoding/json}): two-space indentation
 * with {@code "key": value}, {@code {}} and {@code []} for empty containers, {@code <}, {@code >}
 * and {@code &} escaped as {@code \u003c}, {@code \u003e} and {@code \u0026}, object keys of Rego
 * values sorted in byte order, sets as sorted arrays, numbers as written.
 *
 * <p>Writes Rego {@link Value}s and plain structures: {@link Map} (string keys, written in
 * iteration order), {@link List}, {@link String}, {@link Boolean}, {@link Integer}, {@link Long},
 * {@code byte[]} (base64, as Go writes bytes) and null.
 */
public final class OpaJson {

  private OpaJson() {}

  /** Indented JSON, without a trailing newline. */
  public static String pretty(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, "\n");
    return out.toString();
  }

  /** Compact JSON. */
  public static String compact(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, null);
    return out.toString();
  }

  /**
   * Writes {@code value}; {@code newline} is the current line break plus indent, null if compact.
   */
  private static void write(StringBuilder out, Object value, String newline) {
    switch (value) {
      case null -> out.append("null");
      case NullValue n -> out.append("null");
      case BooleanValue b -> out.append(b.value());
      case NumberValue n -> out.append(n);
      case StringValue s -> GoText.appendJson(out, s.value());
      case ArrayValue a -> writeList(out, a.elements(), newline);
      case SetValue s -> writeList(out, s.sorted(), newline);
      case ObjectValue o -> writeObject(out, o, newline);
      case String s -> GoText.appendJson(out, s);
      case Boolean b -> out.append(b.booleanValue());
      case Integer i -> out.append(i.intValue());
      case Long l -> out.append(l.longValue());
      case byte[] bytes -> GoText.appendJson(out, Base64.getEncoder().encodeToString(bytes));
      case List<?> list -> writeList(out, list, newline);
      case Map<?, ?> map -> writeMap(out, map, newline);
      default ->
          throw new IllegalArgumentException(
              "value: " + value.getClass().getName() + " (expected: a Rego value or JSON data)");
    }
  }

  private static void writeList(StringBuilder out, List<?> list, String newline) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    String inner = newline == null ? null : newline + "  ";
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      if (inner != null) {
        out.append(inner);
      }
      write(out, list.get(i), inner);
    }
    if (newline != null) {
      out.append(newline);
    }
    out.append(']');
  }

  private static void writeMap(StringBuilder out, Map<?, ?> map, String newline) {
    List<Map.Entry<String, ?>> entries = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "key: " + e.getKey() + " (expected: a string key in JSON data)");
      }
      entries.add(Map.entry(key, e.getValue() == null ? NullValue.NULL : e.getValue()));
    }
    writeEntries(out, entries, newline);
  }

  private static void writeObject(StringBuilder out, ObjectValue object, String newline) {
    List<Map.Entry<String, ?>> entries = new ArrayList<>();
    for (Map.Entry<Value, Value> e : object.entrySet()) {
      String key = e.getKey() instanceof StringValue s ? s.value() : compact(e.getKey());
      entries.add(Map.entry(key, e.getValue()));
    }
    entries.sort((a, b) -> GoText.compareCodePoints(a.getKey(), b.getKey()));
    writeEntries(out, entries, newline);
  }

  private static void writeEntries(
      StringBuilder out, List<Map.Entry<String, ?>> entries, String newline) {
    if (entries.isEmpty()) {
      out.append("{}");
      return;
    }
    String inner = newline == null ? null : newline + "  ";
    out.append('{');
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      if (inner != null) {
        out.append(inner);
      }
      GoText.appendJson(out, entries.get(i).getKey());
      out.append(inner == null ? ":" : ": ");
      write(out, entries.get(i).getValue(), inner);
    }
    if (newline != null) {
      out.append(newline);
    }
    out.append('}');
  }
}
