package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.List;

/**
 * Go's {@code fmt.Sprintf} over the arguments OPA's {@code sprintf} passes: Go ints ({@link Long}),
 * big ints ({@link BigInteger}), float64s ({@link Double}) and strings (every other value as its
 * Rego text).
 */
final class GoFmt {

  private GoFmt() {}

  /** The Go value OPA's {@code sprintf} passes for {@code v}. */
  static Object argument(Value v) {
    if (v instanceof NumberValue n) {
      Long l = Nums.goInt(n);
      if (l != null) {
        return l;
      }
      String text = n.toString();
      if (text.matches("[+-]?[0-9]+")) {
        return new BigInteger(text);
      }
      double d = Double.parseDouble(text);
      return Double.isInfinite(d) ? text : (Object) d;
    }
    if (v instanceof StringValue s) {
      return s.value();
    }
    return Value.format(v, GoQuote::quote);
  }

  static String typeName(Object arg) {
    return switch (arg) {
      case Long l -> "int";
      case BigInteger b -> "*big.Int";
      case Double d -> "float64";
      default -> "string";
    };
  }

  /** One verb's flags, width and precision (-1 when absent). */
  static final class Spec {
    boolean plus;
    boolean minus;
    boolean sharp;
    boolean space;
    boolean zero;
    int width = -1;
    int prec = -1;
  }

  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int argNum = 0;
    boolean reordered = false;
    int i = 0;
    int end = format.length();
    while (i < end) {
      int pct = format.indexOf('%', i);
      if (pct < 0) {
        out.append(format, i, end);
        break;
      }
      out.append(format, i, pct);
      i = pct + 1;
      Spec spec = new Spec();
      flags:
      while (i < end) {
        switch (format.charAt(i)) {
          case '#' -> spec.sharp = true;
          case '0' -> spec.zero = !spec.minus;
          case '+' -> spec.plus = true;
          case '-' -> {
            spec.minus = true;
            spec.zero = false;
          }
          case ' ' -> spec.space = true;
          default -> {
            break flags;
          }
        }
        i++;
      }
      int[] idx = argIndex(format, i, argNum, args.size());
      reordered |= idx[2] != 0;
      i = idx[0];
      argNum = idx[1];
      boolean badIndex = idx[2] < 0;
      if (i < end && format.charAt(i) == '*') {
        i++;
        Integer w = intArg(args, argNum);
        argNum++;
        if (w == null) {
          out.append("%!(BADWIDTH)");
        } else {
          spec.width = Math.abs(w);
          if (w < 0) {
            spec.minus = true;
            spec.zero = false;
          }
        }
      } else {
        int start = i;
        while (i < end && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > start) {
          spec.width = Integer.parseInt(format.substring(start, Math.min(i, start + 6)));
        }
      }
      if (i + 1 <= end && i < end && format.charAt(i) == '.') {
        i++;
        idx = argIndex(format, i, argNum, args.size());
        reordered |= idx[2] != 0;
        i = idx[0];
        argNum = idx[1];
        badIndex |= idx[2] < 0;
        if (i < end && format.charAt(i) == '*') {
          i++;
          Integer p = intArg(args, argNum);
          argNum++;
          if (p == null || p < 0) {
            out.append("%!(BADPREC)");
          } else {
            spec.prec = p;
          }
        } else {
          int start = i;
          while (i < end && Character.isDigit(format.charAt(i))) {
            i++;
          }
          spec.prec =
              i > start ? Integer.parseInt(format.substring(start, Math.min(i, start + 6))) : 0;
        }
      }
      idx = argIndex(format, i, argNum, args.size());
      reordered |= idx[2] != 0;
      i = idx[0];
      argNum = idx[1];
      badIndex |= idx[2] < 0;
      if (i >= end) {
        out.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        out.append('%');
      } else if (badIndex) {
        out.append("%!").appendCodePoint(verb).append("(BADINDEX)");
      } else if (argNum >= args.size()) {
        out.append("%!").appendCodePoint(verb).append("(MISSING)");
      } else {
        GoFmtVerbs.format(out, args.get(argNum++), verb, spec);
      }
    }
    if (!reordered && argNum < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argNum; k < args.size(); k++) {
        if (k > argNum) {
          out.append(", ");
        }
        Object arg = args.get(k);
        out.append(typeName(arg)).append('=');
        GoFmtVerbs.format(out, arg, 'v', new Spec());
      }
      out.append(')');
    }
    return out.toString();
  }

  private static Integer intArg(List<Object> args, int n) {
    return n < args.size() && args.get(n) instanceof Long l && Math.abs(l) <= 1_000_000
        ? l.intValue()
        : null;
  }

  /**
   * Parses an optional {@code [n]} argument index at {@code i}.
   *
   * @return {new i, new argNum, 1 if an index was given, -1 if it was bad, 0 if absent}
   */
  private static int[] argIndex(String format, int i, int argNum, int n) {
    if (i >= format.length() || format.charAt(i) != '[') {
      return new int[] {i, argNum, 0};
    }
    int close = format.indexOf(']', i);
    if (close < 0) {
      return new int[] {format.length(), argNum, -1};
    }
    String digits = format.substring(i + 1, close);
    if (!digits.matches("[0-9]{1,6}")
        || Integer.parseInt(digits) < 1
        || Integer.parseInt(digits) > n) {
      return new int[] {close + 1, argNum, -1};
    }
    return new int[] {close + 1, Integer.parseInt(digits) - 1, 1};
  }
}
