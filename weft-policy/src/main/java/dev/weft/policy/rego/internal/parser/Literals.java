package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.value.NumberValue;

/** Number and string literals, checked the way OPA checks them. */
final class Literals {

  /**
   * Decimal exponents beyond this are "number too big": OPA rejects numbers whose binary exponent
   * exceeds 100000 in magnitude, which is about 30103 decimal digits.
   */
  private static final long MAX_DECIMAL_EXPONENT = 30102;

  /** The longest number literal accepted, in characters. */
  static final int MAX_LITERAL = 40_000;

  private Literals() {}

  /** Whether {@code s} is {@code -?digits?(.digits)?([eE][+-]?digits)?} with a digit before e. */
  static boolean isFloat(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int mantissaDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      mantissaDigits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        mantissaDigits++;
      }
    }
    if (mantissaDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  /**
   * The number for a literal accepted by {@link #isFloat}, or null when it is too big: beyond OPA's
   * magnitude limit, or longer than {@link #MAX_LITERAL} characters (exact decimal parsing of
   * longer literals takes superlinear time; OPA keeps only 64 bits of them anyway).
   */
  static NumberValue number(String s) {
    if (s.length() > MAX_LITERAL) {
      return null;
    }
    long exponent = decimalExponent(s);
    boolean zero = exponent == ZERO;
    if (!zero && (exponent > MAX_DECIMAL_EXPONENT || exponent < -MAX_DECIMAL_EXPONENT)) {
      return null;
    }
    try {
      return NumberValue.parse(s);
    } catch (NumberFormatException e) {
      // only a zero can get here: its exponent may not fit an int, its value is still zero
      return zero ? NumberValue.ZERO : null;
    }
  }

  private static final long ZERO = Long.MIN_VALUE;

  /** The exponent of the leading digit ({@code 1234} is 3, {@code 0.05} is -2), or ZERO. */
  private static long decimalExponent(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    int n = s.length();
    int e = n;
    for (int j = i; j < n; j++) {
      char c = s.charAt(j);
      if (c == 'e' || c == 'E') {
        e = j;
        break;
      }
    }
    boolean zero = true;
    for (int j = i; j < e && zero; j++) {
      zero = s.charAt(j) == '0' || s.charAt(j) == '.';
    }
    if (zero) {
      return ZERO;
    }
    long exp = 0;
    if (e < n) {
      boolean negative = s.charAt(e + 1) == '-';
      int from = s.charAt(e + 1) == '+' || negative ? e + 2 : e + 1;
      while (from < n - 1 && s.charAt(from) == '0') {
        from++;
      }
      if (n - from > 15) {
        return negative ? -Long.MAX_VALUE : Long.MAX_VALUE;
      }
      exp = Long.parseLong(s, from, n, 10) * (negative ? -1 : 1);
    }
    int dot = s.indexOf('.');
    int intEnd = dot >= 0 && dot < e ? dot : e;
    int position = intEnd - i - 1; // exponent of the first integer digit
    for (int j = i; j < e; j++) {
      char c = s.charAt(j);
      if (c == '.') {
        continue;
      }
      if (c != '0') {
        return exp + position;
      }
      position--;
    }
    return ZERO;
  }

  /**
   * The value of a double-quoted literal (quotes included), decoded as JSON decodes it; null if
   * JSON would reject it. Without a backslash the text between the quotes is taken as is, as OPA
   * does.
   */
  static String unquote(String literal) {
    String inner = literal.substring(1, literal.length() - 1);
    if (inner.indexOf('\\') < 0) {
      return inner;
    }
    StringBuilder out = new StringBuilder(inner.length());
    int n = inner.length();
    for (int i = 0; i < n; i++) {
      char c = inner.charAt(i);
      if (c < 0x20 || c == '"') {
        return null;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= n) {
        return null;
      }
      switch (inner.charAt(i)) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          int cp = hex4(inner, i + 1);
          if (cp < 0) {
            return null;
          }
          i += 4;
          char unit = (char) cp;
          if (Character.isHighSurrogate(unit)
              && i + 6 < n
              && inner.charAt(i + 1) == '\\'
              && inner.charAt(i + 2) == 'u') {
            int low = hex4(inner, i + 3);
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
              out.append(unit).append((char) low);
              i += 6;
              continue;
            }
          }
          out.append(Character.isSurrogate(unit) ? '\uFFFD' : unit);
        }
        default -> {
          return null;
        }
      }
    }
    return out.toString();
  }

  private static int hex4(String s, int from) {
    if (from + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + 4; i++) {
      char c = s.charAt(i);
      int d =
          c >= '0' && c <= '9'
              ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
