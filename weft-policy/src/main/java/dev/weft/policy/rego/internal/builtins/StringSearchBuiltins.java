package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code indexof indexof_n substring strings.any_prefix_match strings.any_suffix_match
 * strings.count strings.reverse format_int sprintf}. Indexes count code points (Go runes).
 */
final class StringSearchBuiltins {

  private StringSearchBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("indexof", StringSearchBuiltins::indexOf),
        Fn.of2("indexof_n", StringSearchBuiltins::indexOfN),
        Fn.of3("substring", StringSearchBuiltins::substring),
        Fn.of2("strings.any_prefix_match", (a, b) -> anyMatch(a, b, false)),
        Fn.of2("strings.any_suffix_match", (a, b) -> anyMatch(a, b, true)),
        Fn.of2("strings.count", StringSearchBuiltins::count),
        Fn.of1("strings.reverse", a -> StringValue.of(reverse(Operands.string(a, 1)))),
        Fn.of2("format_int", StringSearchBuiltins::formatInt),
        Fn.of2("sprintf", StringSearchBuiltins::sprintf));
  }

  private static int[] search(Value a, Value b, int[][] out) throws BuiltinException {
    String base = Operands.string(a, 1);
    String search = Operands.string(b, 2);
    if (search.isEmpty()) {
      throw BuiltinException.failure("empty search character");
    }
    out[0] = base.codePoints().toArray();
    return search.codePoints().toArray();
  }

  private static boolean at(int[] base, int i, int[] search) {
    if (i + search.length > base.length) {
      return false;
    }
    for (int k = 0; k < search.length; k++) {
      if (base[i + k] != search[k]) {
        return false;
      }
    }
    return true;
  }

  private static Value indexOf(Value a, Value b) throws BuiltinException {
    int[][] base = new int[1][];
    int[] search = search(a, b, base);
    for (int i = 0; i + search.length <= base[0].length; i++) {
      if (at(base[0], i, search)) {
        return NumberValue.of(i);
      }
    }
    return NumberValue.of(-1);
  }

  private static Value indexOfN(Value a, Value b) throws BuiltinException {
    int[][] base = new int[1][];
    int[] search = search(a, b, base);
    List<Value> out = new ArrayList<>();
    for (int i = 0; i + search.length <= base[0].length; i++) {
      if (at(base[0], i, search)) {
        out.add(NumberValue.of(i));
      }
    }
    return ArrayValue.of(out);
  }

  private static Value substring(Value a, Value b, Value c) throws BuiltinException {
    String base = Operands.string(a, 1);
    int start = Operands.integer(b, 2);
    int length = Operands.integer(c, 3);
    if (start < 0) {
      throw BuiltinException.failure("negative offset");
    }
    int runes = base.codePointCount(0, base.length());
    if (start >= runes) {
      return StringValue.EMPTY;
    }
    int from = base.offsetByCodePoints(0, start);
    if (length < 0 || (long) start + length >= runes) {
      return StringValue.of(base.substring(from));
    }
    return StringValue.of(base.substring(from, base.offsetByCodePoints(from, length)));
  }

  private static List<String> stringsOf(Value v, int pos) throws BuiltinException {
    if (v instanceof StringValue s) {
      return List.of(s.value());
    }
    if (v instanceof ArrayValue || v instanceof SetValue) {
      return Operands.strings(v, pos);
    }
    throw Operands.type(pos, v, "string", "set", "array");
  }

  private static Value anyMatch(Value a, Value b, boolean suffix) throws BuiltinException {
    List<String> strs = stringsOf(a, 1);
    List<String> fixes = stringsOf(b, 2);
    for (String s : strs) {
      for (String f : fixes) {
        if (suffix ? s.endsWith(f) : s.startsWith(f)) {
          return BooleanValue.TRUE;
        }
      }
    }
    return BooleanValue.FALSE;
  }

  private static Value count(Value a, Value b) throws BuiltinException {
    String s = Operands.string(a, 1);
    String sub = Operands.string(b, 2);
    if (sub.isEmpty()) {
      return NumberValue.of(s.codePointCount(0, s.length()) + 1L);
    }
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
      n++;
    }
    return NumberValue.of(n);
  }

  static String reverse(String s) {
    int[] cps = s.codePoints().toArray();
    StringBuilder out = new StringBuilder(s.length());
    for (int i = cps.length - 1; i >= 0; i--) {
      out.appendCodePoint(cps[i]);
    }
    return out.toString();
  }

  private static Value formatInt(Value a, Value b) throws BuiltinException {
    NumberValue input = Operands.number(a, 1);
    NumberValue base = Operands.number(b, 2);
    int radix =
        switch (base.toString()) {
          case "2" -> 2;
          case "8" -> 8;
          case "10" -> 10;
          case "16" -> 16;
          default -> throw Operands.enumeration(2, "2", "8", "10", "16");
        };
    Long small = Nums.goInt(input);
    BigInteger i = small != null ? BigInteger.valueOf(small) : GoFloat.of(input).truncate();
    return StringValue.of(i.toString(radix));
  }

  private static Value sprintf(Value a, Value b) throws BuiltinException {
    String format = Operands.string(a, 1);
    ArrayValue args = Operands.array(b, 2);
    List<Object> goArgs = new ArrayList<>(args.size());
    try {
      for (Value v : args.elements()) {
        goArgs.add(GoFmt.argument(v));
      }
    } catch (StackOverflowError e) {
      throw BuiltinException.failure("value nests too deeply");
    }
    return StringValue.of(GoFmt.sprintf(format, goArgs));
  }
}
