package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code uri.parse uri.is_valid urlquery.encode_object urlquery.decode_object strings.split_n},
 * with Go's {@code net/url} and {@code strings} semantics.
 */
final class UriBuiltins {

  private UriBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("uri.parse", UriBuiltins::parse),
        Fn.of1("uri.is_valid", UriBuiltins::isValid),
        Fn.of1("urlquery.encode_object", UriBuiltins::encodeObject),
        Fn.of1("urlquery.decode_object", UriBuiltins::decodeObject),
        Fn.of3("strings.split_n", UriBuiltins::splitN));
  }

  private static Value parse(Value a) throws BuiltinException {
    GoUrl u = GoUrl.parse(Operands.string(a, 1));
    ObjectValue.Builder out = ObjectValue.builder();
    put(out, "scheme", u.scheme);
    put(out, "hostname", u.hostname());
    put(out, "port", u.port());
    if (!u.path.isEmpty()) {
      out.put("path", StringValue.of(u.path));
      out.put("raw_path", StringValue.of(u.rawPath.isEmpty() ? u.path : u.rawPath));
    }
    put(out, "raw_query", u.rawQuery);
    put(out, "fragment", u.fragment);
    return out.build();
  }

  private static void put(ObjectValue.Builder out, String key, String value) {
    if (!value.isEmpty()) {
      out.put(key, StringValue.of(value));
    }
  }

  private static Value isValid(Value a) {
    if (!(a instanceof StringValue s) || s.value().isEmpty()) {
      return BooleanValue.FALSE;
    }
    try {
      GoUrl.parse(s.value());
      return BooleanValue.TRUE;
    } catch (BuiltinException e) {
      return BooleanValue.FALSE;
    }
  }

  /** Go's {@code url.Values.Encode()}: keys sorted, each value escaped, joined by {@code &}. */
  private static Value encodeObject(Value a) throws BuiltinException {
    if (!(a instanceof ObjectValue obj)) {
      throw Operands.type(1, a, "object");
    }
    Map<String, List<String>> query =
        new TreeMap<>((x, y) -> dev.weft.policy.rego.internal.text.GoText.compareCodePoints(x, y));
    for (Map.Entry<Value, Value> e : obj.entrySet()) {
      String key = e.getKey() instanceof StringValue s ? s.value() : Json.write(e.getKey());
      List<String> values = new ArrayList<>();
      switch (e.getValue()) {
        case StringValue s -> values.add(s.value());
        case ArrayValue arr -> addStrings(arr.elements(), values);
        case SetValue set -> addStrings(set.sorted(), values);
        default -> throw valuesError();
      }
      query.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values);
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      String k = TextCodecs.queryEscape(e.getKey().getBytes(StandardCharsets.UTF_8));
      for (String v : e.getValue()) {
        if (!out.isEmpty()) {
          out.append('&');
        }
        out.append(k)
            .append('=')
            .append(TextCodecs.queryEscape(v.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return StringValue.of(out.toString());
  }

  private static void addStrings(List<Value> elements, List<String> out) throws BuiltinException {
    for (Value v : elements) {
      if (!(v instanceof StringValue s)) {
        throw valuesError();
      }
      out.add(s.value());
    }
  }

  private static BuiltinException valuesError() {
    return Operands.operandError(1, "values must be string, array[string], or set[string]");
  }

  /** Go's {@code url.ParseQuery}: the first error wins, but only after the whole query is read. */
  private static Value decodeObject(Value a) throws BuiltinException {
    String query = Operands.string(a, 1);
    Map<String, List<Value>> out = new LinkedHashMap<>();
    BuiltinException first = null;
    for (String pair : query.split("&", -1)) {
      if (pair.contains(";")) {
        first =
            first != null
                ? first
                : BuiltinException.failure("invalid semicolon separator in query");
        continue;
      }
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = text(TextCodecs.queryUnescape(eq < 0 ? pair : pair.substring(0, eq)));
        String value = text(TextCodecs.queryUnescape(eq < 0 ? "" : pair.substring(eq + 1)));
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(StringValue.of(value));
      } catch (BuiltinException e) {
        first = first != null ? first : e;
      }
    }
    if (first != null) {
      throw first;
    }
    ObjectValue.Builder obj = ObjectValue.builder();
    out.forEach((k, v) -> obj.put(k, ArrayValue.of(v)));
    return obj.build();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Go's {@code strings.SplitN}. */
  private static Value splitN(Value a, Value b, Value c) throws BuiltinException {
    String s = Operands.string(a, 1);
    String sep = Operands.string(b, 2);
    int n = Operands.integer(c, 3);
    if (n == 0) {
      return ArrayValue.EMPTY;
    }
    List<Value> out = new ArrayList<>();
    if (sep.isEmpty()) {
      int count = s.codePointCount(0, s.length());
      int limit = n < 0 || n > count ? count : n;
      int i = 0;
      for (int k = 0; k < limit - 1; k++) {
        int next = i + Character.charCount(s.codePointAt(i));
        out.add(StringValue.of(s.substring(i, next)));
        i = next;
      }
      if (limit > 0) {
        out.add(StringValue.of(s.substring(i)));
      }
      return ArrayValue.of(out);
    }
    int i = 0;
    while (n < 0 || out.size() < n - 1) {
      int at = s.indexOf(sep, i);
      if (at < 0) {
        break;
      }
      out.add(StringValue.of(s.substring(i, at)));
      i = at + sep.length();
    }
    out.add(StringValue.of(s.substring(i)));
    return ArrayValue.of(out);
  }
}
