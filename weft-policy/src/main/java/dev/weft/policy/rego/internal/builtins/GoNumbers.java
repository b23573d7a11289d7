package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/** Go's {@code strconv.ParseFloat} syntax, for {@code to_number}. */
final class GoNumbers {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern HEX =
      Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)");
  private static final BigDecimal MAX_DOUBLE = new BigDecimal(Double.MAX_VALUE);

  private GoNumbers() {}

  /**
   * {@code to_number} of a string: OPA checks the text with {@code strconv.ParseFloat} and keeps it
   * as the number's literal.
   */
  static NumberValue parseFloatLiteral(String s) throws BuiltinException {
    String lower = s.replaceFirst("^[+-]+", "").toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity") || lower.equals("nan")) {
      throw BuiltinException.operand(1, "valid number string", "string");
    }
    BigDecimal value;
    if (DECIMAL.matcher(s).matches()) {
      value = new BigDecimal(s.endsWith(".") ? s + "0" : s);
    } else {
      value = hex(s);
      if (value == null) {
        throw BuiltinException.failure(
            "strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": invalid syntax");
      }
    }
    if (value.abs().compareTo(MAX_DOUBLE) > 0
        && Double.isInfinite(Double.parseDouble(value.toString()))) {
      throw BuiltinException.failure(
          "strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": value out of range");
    }
    if (DECIMAL.matcher(s).matches()) {
      return NumberValue.parse(s.startsWith("+") ? s.substring(1) : s.endsWith(".") ? s + "0" : s);
    }
    return NumberValue.of(value);
  }

  private static BigDecimal hex(String s) {
    var m = HEX.matcher(s);
    if (!m.matches()) {
      return null;
    }
    String whole = m.group(2);
    String frac = m.group(3) == null ? "" : m.group(3);
    if (whole.isEmpty() && frac.isEmpty()) {
      return null;
    }
    BigInteger mant = new BigInteger("0" + whole + frac, 16);
    int exp;
    try {
      exp = Integer.parseInt(m.group(4)) - 4 * frac.length();
    } catch (NumberFormatException e) {
      return null;
    }
    if (Math.abs(exp) > 4096) {
      return exp > 0 && mant.signum() != 0 ? MAX_DOUBLE.multiply(BigDecimal.TEN) : BigDecimal.ZERO;
    }
    BigDecimal v =
        exp >= 0
            ? new BigDecimal(mant.shiftLeft(exp))
            : new BigDecimal(mant).divide(new BigDecimal(BigInteger.ONE.shiftLeft(-exp)));
    return m.group(1).equals("-") ? v.negate() : v;
  }
}
