package dev.weft.policy.rego.internal.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** The verbs of Go's {@code fmt} for ints, big ints, float64s and strings. */
final class GoFmtVerbs {

  private GoFmtVerbs() {}

  static void format(StringBuilder out, Object arg, int verb, GoFmt.Spec spec) {
    switch (arg) {
      case Long l -> integer(out, BigInteger.valueOf(l), verb, spec, false);
      case BigInteger b -> integer(out, b, verb, spec, true);
      case Double d -> floating(out, d, verb, spec);
      default -> string(out, (String) arg, verb, spec);
    }
  }

  private static void bad(StringBuilder out, Object arg, int verb) {
    out.append("%!").appendCodePoint(verb).append('(');
    if (arg instanceof BigInteger b) {
      out.append("big.Int=").append(b);
    } else {
      out.append(GoFmt.typeName(arg)).append('=');
      format(out, arg, 'v', new GoFmt.Spec());
    }
    out.append(')');
  }

  private static void pad(StringBuilder out, String s, GoFmt.Spec spec, boolean zeroAllowed) {
    int n = spec.width - s.codePointCount(0, s.length());
    if (n <= 0) {
      out.append(s);
    } else if (spec.minus) {
      out.append(s).repeat(" ", n);
    } else {
      out.repeat(spec.zero && zeroAllowed ? "0" : " ", n).append(s);
    }
  }

  private static void integer(
      StringBuilder out, BigInteger v, int verb, GoFmt.Spec spec, boolean big) {
    int base;
    switch (verb) {
      case 'v', 'd' -> base = 10;
      case 's' -> {
        if (!big) {
          bad(out, v.longValue(), verb);
          return;
        }
        base = 10;
      }
      case 'b' -> base = 2;
      case 'o', 'O' -> base = 8;
      case 'x', 'X' -> base = 16;
      case 'c', 'q', 'U' -> {
        if (big) {
          bad(out, v, verb);
        } else {
          rune(out, v.longValue(), verb, spec);
        }
        return;
      }
      default -> {
        bad(out, big ? v : (Object) v.longValue(), verb);
        return;
      }
    }
    String digits = v.abs().toString(base);
    if (verb == 'X') {
      digits = digits.toUpperCase(java.util.Locale.ROOT);
    }
    String sign = v.signum() < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    String prefix = "";
    if (spec.sharp) {
      prefix =
          switch (verb) {
            case 'b' -> "0b";
            case 'o' -> digits.startsWith("0") ? "" : "0";
            case 'x' -> "0x";
            case 'X' -> "0X";
            default -> "";
          };
    }
    if (verb == 'O') {
      prefix = "0o";
    }
    int zeros = 0;
    if (spec.prec >= 0) {
      if (spec.prec == 0 && v.signum() == 0) {
        out.repeat(" ", Math.max(spec.width, 0));
        return;
      }
      zeros = Math.max(0, spec.prec - digits.length());
    } else if (spec.zero && !spec.minus && spec.width >= 0) {
      int room = big ? spec.width - sign.length() - prefix.length() : spec.width - sign.length();
      zeros = Math.max(0, room - digits.length());
    }
    String body = sign + prefix + "0".repeat(zeros) + digits;
    GoFmt.Spec noZero = copyWithoutZero(spec);
    pad(out, body, noZero, false);
  }

  private static GoFmt.Spec copyWithoutZero(GoFmt.Spec spec) {
    GoFmt.Spec s = new GoFmt.Spec();
    s.minus = spec.minus;
    s.width = spec.width;
    return s;
  }

  private static void rune(StringBuilder out, long v, int verb, GoFmt.Spec spec) {
    int c = v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (int) v;
    switch (verb) {
      case 'c' -> pad(out, new String(Character.toChars(c)), spec, true);
      case 'q' -> {
        String s = new String(Character.toChars(c));
        pad(out, GoQuote.quote(s, '\'', spec.plus), spec, true);
      }
      default -> {
        String hex = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        String u = "U+" + "0".repeat(Math.max(0, Math.max(4, spec.prec) - hex.length())) + hex;
        if (spec.sharp && GoQuote.isPrint(c)) {
          u += " '" + new String(Character.toChars(c)) + "'";
        }
        pad(out, u, spec, true);
      }
    }
  }

  private static void floating(StringBuilder out, double d, int verb, GoFmt.Spec spec) {
    String num;
    switch (verb) {
      case 'v', 'g', 'G' -> num = general(d, spec.prec, verb == 'G');
      case 'e', 'E' -> num = exponent(d, spec.prec < 0 ? 6 : spec.prec, verb == 'E');
      case 'f', 'F' -> num = fixed(d, spec.prec < 0 ? 6 : spec.prec);
      case 'x', 'X' -> num = hexFloat(d, verb == 'X');
      case 'b' -> num = binary(d);
      default -> {
        bad(out, d, verb);
        return;
      }
    }
    boolean negative = num.startsWith("-");
    String unsigned = negative ? num.substring(1) : num;
    String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    if (!sign.isEmpty() && spec.zero && !spec.minus && spec.width > num.length()) {
      out.append(sign).repeat("0", spec.width - sign.length() - unsigned.length()).append(unsigned);
      return;
    }
    pad(out, sign + unsigned, spec, true);
  }

  private static GoFloat.Decimal decimal(BigDecimal bd) {
    BigDecimal abs = bd.abs();
    if (abs.signum() == 0) {
      return new GoFloat.Decimal("", 0);
    }
    String s = abs.unscaledValue().toString();
    int dp = s.length() - abs.scale();
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') {
      end--;
    }
    return new GoFloat.Decimal(s.substring(0, end), dp);
  }

  private static String sign(double d) {
    return (Double.doubleToRawLongBits(d) < 0) ? "-" : "";
  }

  static String general(double d, int prec, boolean upper) {
    boolean shortest = prec < 0;
    GoFloat.Decimal digs;
    if (shortest) {
      digs = decimal(new BigDecimal(Double.toString(Math.abs(d))));
      prec = digs.digits().length();
    } else {
      if (prec == 0) {
        prec = 1;
      }
      digs =
          decimal(new BigDecimal(Math.abs(d)).round(new MathContext(prec, RoundingMode.HALF_EVEN)));
    }
    int nd = digs.digits().length();
    int eprec = prec;
    if (eprec > nd && nd >= digs.exp()) {
      eprec = nd;
    }
    if (shortest) {
      eprec = 6;
    }
    int x = digs.exp() - 1;
    StringBuilder out = new StringBuilder(sign(d));
    if (x < -4 || x >= eprec) {
      int p = Math.min(prec, nd);
      String s = digs.appendE(out, Math.max(p - 1, 0)).toString();
      return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }
    if (prec > digs.exp()) {
      prec = nd;
    }
    return digs.appendF(out, Math.max(prec - digs.exp(), 0)).toString();
  }

  static String exponent(double d, int prec, boolean upper) {
    GoFloat.Decimal digs =
        decimal(
            new BigDecimal(Math.abs(d)).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)));
    String s = digs.appendE(new StringBuilder(sign(d)), prec).toString();
    return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
  }

  static String fixed(double d, int prec) {
    GoFloat.Decimal digs =
        decimal(new BigDecimal(Math.abs(d)).setScale(prec, RoundingMode.HALF_EVEN));
    return digs.appendF(new StringBuilder(sign(d)), prec).toString();
  }

  private static String hexFloat(double d, boolean upper) {
    long bits = Double.doubleToRawLongBits(d);
    int e = (int) ((bits >>> 52) & 0x7ff);
    long m = bits & ((1L << 52) - 1);
    String s;
    if (e == 0 && m == 0) {
      s = "0x0p+00";
    } else {
      if (e == 0) {
        int shift = Long.numberOfLeadingZeros(m) - 11;
        m = (m << shift) & ((1L << 52) - 1);
        e = 1 - shift;
      }
      String frac = String.format("%013x", m).replaceAll("0+$", "");
      int exp = e - 1023;
      s =
          "0x1"
              + (frac.isEmpty() ? "" : "." + frac)
              + "p"
              + (exp < 0 ? "-" : "+")
              + (Math.abs(exp) < 10 ? "0" : "")
              + Math.abs(exp);
    }
    s = sign(d) + s;
    return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
  }

  private static String binary(double d) {
    long bits = Double.doubleToRawLongBits(d);
    int e = (int) ((bits >>> 52) & 0x7ff);
    long m = bits & ((1L << 52) - 1);
    if (e == 0) {
      e = 1;
    } else {
      m |= 1L << 52;
    }
    int exp = e - 1023 - 52;
    return sign(d) + m + "p" + (exp < 0 ? "-" : "+") + Math.abs(exp);
  }

  private static void string(StringBuilder out, String s, int verb, GoFmt.Spec spec) {
    switch (verb) {
      case 'v', 's' -> {
        if (spec.prec >= 0 && s.codePointCount(0, s.length()) > spec.prec) {
          s = s.substring(0, s.offsetByCodePoints(0, spec.prec));
        }
        pad(out, s, spec, true);
      }
      case 'q' -> {
        if (spec.sharp && canBackquote(s)) {
          pad(out, "`" + s + "`", spec, true);
        } else {
          pad(out, spec.plus ? GoQuote.quoteAscii(s) : GoQuote.quote(s), spec, true);
        }
      }
      case 'x', 'X' -> {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = spec.prec >= 0 ? Math.min(spec.prec, bytes.length) : bytes.length;
        StringBuilder hex = new StringBuilder();
        String digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
        for (int i = 0; i < n; i++) {
          if (spec.space && i > 0) {
            hex.append(' ');
          }
          if (spec.sharp && (spec.space || i == 0)) {
            hex.append(verb == 'x' ? "0x" : "0X");
          }
          hex.append(digits.charAt((bytes[i] >> 4) & 0xf)).append(digits.charAt(bytes[i] & 0xf));
        }
        pad(out, hex.toString(), spec, true);
      }
      default -> bad(out, s, verb);
    }
  }

  private static boolean canBackquote(String s) {
    return s.codePoints()
        .allMatch(c -> c != '`' && c != 0xFEFF && (c >= ' ' || c == '\t') && c != 0x7f);
  }
}
