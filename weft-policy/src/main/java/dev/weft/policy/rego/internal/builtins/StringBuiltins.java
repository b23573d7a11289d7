package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code concat split startswith endswith contains lower upper trim trim_left trim_right
 * trim_prefix trim_suffix trim_space replace strings.replace_n}, as OPA's {@code strings.go}.
 * Strings are sequences of Unicode code points (Go runes).
 */
final class StringBuiltins {

  private StringBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("concat", StringBuiltins::concat),
        Fn.of2("split", StringBuiltins::split),
        Fn.of2("startswith", (a, b) -> bool(str(a, 1).startsWith(str(b, 2)))),
        Fn.of2("endswith", (a, b) -> bool(str(a, 1).endsWith(str(b, 2)))),
        Fn.of2("contains", (a, b) -> bool(str(a, 1).contains(str(b, 2)))),
        Fn.of1("lower", a -> StringValue.of(mapCase(str(a, 1), false))),
        Fn.of1("upper", a -> StringValue.of(mapCase(str(a, 1), true))),
        Fn.of2("trim", (a, b) -> trim(str(a, 1), str(b, 2), true, true)),
        Fn.of2("trim_left", (a, b) -> trim(str(a, 1), str(b, 2), true, false)),
        Fn.of2("trim_right", (a, b) -> trim(str(a, 1), str(b, 2), false, true)),
        Fn.of2("trim_prefix", StringBuiltins::trimPrefix),
        Fn.of2("trim_suffix", StringBuiltins::trimSuffix),
        Fn.of1("trim_space", StringBuiltins::trimSpace),
        Fn.of3("replace", StringBuiltins::replace),
        Fn.of2("strings.replace_n", StringBuiltins::replaceN));
  }

  static String str(Value v, int pos) throws BuiltinException {
    return Operands.string(v, pos);
  }

  private static Value bool(boolean b) {
    return BooleanValue.of(b);
  }

  private static Value concat(Value a, Value b) throws BuiltinException {
    String sep = str(a, 1);
    if (!(b instanceof ArrayValue) && !(b instanceof SetValue)) {
      throw Operands.type(2, b, "set", "array");
    }
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (Value e : Operands.elements(b)) {
      if (!(e instanceof StringValue s)) {
        throw Operands.element(2, b, e, "string");
      }
      if (!first) {
        out.append(sep);
      }
      first = false;
      out.append(s.value());
    }
    return StringValue.of(out.toString());
  }

  private static Value split(Value a, Value b) throws BuiltinException {
    String s = str(a, 1);
    String d = str(b, 2);
    List<Value> out = new ArrayList<>();
    if (d.isEmpty()) {
      s.codePoints().forEach(c -> out.add(StringValue.of(new String(Character.toChars(c)))));
      return ArrayValue.of(out);
    }
    int from = 0;
    for (int i = s.indexOf(d); i >= 0; i = s.indexOf(d, from)) {
      out.add(StringValue.of(s.substring(from, i)));
      from = i + d.length();
    }
    out.add(StringValue.of(s.substring(from)));
    return ArrayValue.of(out);
  }

  /** Go's {@code unicode.ToLower}/{@code ToUpper} on every rune (no locale, no expansion). */
  static String mapCase(String s, boolean upper) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> out.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
    return out.toString();
  }

  private static Value trim(String s, String cutset, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    if (left) {
      while (start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
        start += Character.charCount(s.codePointAt(start));
      }
    }
    if (right) {
      while (end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
        end -= Character.charCount(s.codePointBefore(end));
      }
    }
    return StringValue.of(s.substring(start, end));
  }

  private static Value trimPrefix(Value a, Value b) throws BuiltinException {
    String s = str(a, 1);
    String p = str(b, 2);
    return StringValue.of(s.startsWith(p) ? s.substring(p.length()) : s);
  }

  private static Value trimSuffix(Value a, Value b) throws BuiltinException {
    String s = str(a, 1);
    String p = str(b, 2);
    return StringValue.of(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
  }

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(int c) {
    return switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
      default ->
          c > 0xff && Character.getType(c) == Character.SPACE_SEPARATOR
              || c == 0x2028
              || c == 0x2029;
    };
  }

  private static Value trimSpace(Value a) throws BuiltinException {
    String s = str(a, 1);
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return StringValue.of(s.substring(start, end));
  }

  private static Value replace(Value a, Value b, Value c) throws BuiltinException {
    String s = str(a, 1);
    String old = str(b, 2);
    String rep = str(c, 3);
    return StringValue.of(Replacer.replace(s, List.of(old), List.of(rep)));
  }

  private static Value replaceN(Value a, Value b) throws BuiltinException {
    var patterns = Operands.object(a, 1);
    String s = str(b, 2);
    List<String> olds = new ArrayList<>();
    List<String> news = new ArrayList<>();
    for (Value k : patterns.sortedKeys()) {
      if (!(k instanceof StringValue ks)) {
        throw Operands.operandError(1, "non-string key found in pattern object");
      }
      if (!(patterns.get(k) instanceof StringValue vs)) {
        throw Operands.operandError(1, "non-string value found in pattern object");
      }
      olds.add(ks.value());
      news.add(vs.value());
    }
    return StringValue.of(Replacer.replace(s, olds, news));
  }
}
