package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code units.parse_bytes} ({@code "10KB"}, {@code "1.5GiB"}, {@code "1e3"} to a byte count) and
 * {@code units.parse} (SI and binary quantities, {@code "500m"}, {@code "2Gi"}, exact as OPA's
 * rationals: a non-integral result has ten decimals).
 */
final class UnitsBuiltins {

  private static final Map<String, BigInteger> UNITS = units();
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:e[+-]?[0-9]+)?");

  private UnitsBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("units.parse_bytes", UnitsBuiltins::parseBytes),
        Fn.of1("units.parse", UnitsBuiltins::parse));
  }

  private static Map<String, BigInteger> units() {
    Map<String, BigInteger> m = new java.util.HashMap<>();
    m.put("", BigInteger.ONE);
    String[] prefixes = {"k", "m", "g", "t", "p", "e"};
    for (int i = 0; i < prefixes.length; i++) {
      BigInteger decimal = BigInteger.valueOf(1000).pow(i + 1);
      BigInteger binary = BigInteger.ONE.shiftLeft(10 * (i + 1));
      m.put(prefixes[i], decimal);
      m.put(prefixes[i] + "b", decimal);
      m.put(prefixes[i] + "i", binary);
      m.put(prefixes[i] + "ib", binary);
    }
    return Map.copyOf(m);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static BuiltinException error(String msg) {
    return BuiltinException.failure("units.parse_bytes: " + msg);
  }

  private static Value parseBytes(Value a) throws BuiltinException {
    String s = Operands.string(a, 1).toLowerCase(Locale.ROOT).replace("\"", "");
    if (s.contains(" ")) {
      throw error("spaces not allowed in resource strings");
    }
    int split = split(s, "units.parse_bytes");
    String num = s.substring(0, split);
    String unit = s.substring(split);
    if (num.isEmpty()) {
      throw error("no byte amount provided");
    }
    BigInteger multiplier = UNITS.get(unit);
    if (multiplier == null) {
      throw error("byte unit " + unit + " not recognized");
    }
    if (!FLOAT.matcher(num).matches()) {
      throw error("could not parse byte amount to a number");
    }
    GoFloat n =
        GoFloat.of(
            new BigDecimal(num.startsWith("+") ? num.substring(1) : num), num.startsWith("-"));
    return Nums.of(n.mul(GoFloat.ofInteger(multiplier), GoFloat.PREC).truncate());
  }

  /** OPA's {@code extractNumAndUnit}: where the number ends and the unit begins. */
  private static int split(String s, String name) throws BuiltinException {
    int split = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
        split = i;
        break;
      }
      if (c == 'e' || c == 'E') {
        if (i == s.length() - 1
            || !isDigit(s.charAt(i + 1)) && s.charAt(i + 1) != '+' && s.charAt(i + 1) != '-') {
          split = i;
          break;
        }
        if (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-') {
          i++;
        }
        int end = i + 1;
        while (end < s.length() && isDigit(s.charAt(end))) {
          end++;
        }
        if (end - (i + 1) > 6) {
          throw BuiltinException.failure(name + ": exponent too large");
        }
      }
    }
    return split;
  }

  private static Value parse(Value a) throws BuiltinException {
    String s = Operands.string(a, 1).replace("\"", "");
    if (s.contains(" ")) {
      throw BuiltinException.failure("units.parse: spaces not allowed in resource strings");
    }
    int split = split(s, "units.parse");
    String num = s.substring(0, split);
    String unit = s.substring(split);
    if (num.isEmpty()) {
      throw BuiltinException.failure("units.parse: no amount provided");
    }
    if (unit.length() > 1) {
      unit = unit.charAt(0) + unit.substring(1).toLowerCase(Locale.ROOT);
    }
    BigDecimal multiplier =
        switch (unit) {
          case "m" -> new BigDecimal(0.001);
          case "" -> BigDecimal.ONE;
          case "k", "K" -> BigDecimal.TEN.pow(3);
          case "M" -> BigDecimal.TEN.pow(6);
          case "g", "G" -> BigDecimal.TEN.pow(9);
          case "t", "T" -> BigDecimal.TEN.pow(12);
          case "p", "P" -> BigDecimal.TEN.pow(15);
          case "e", "E" -> BigDecimal.TEN.pow(18);
          case "ki", "Ki" -> new BigDecimal(BigInteger.ONE.shiftLeft(10));
          case "mi", "Mi" -> new BigDecimal(BigInteger.ONE.shiftLeft(20));
          case "gi", "Gi" -> new BigDecimal(BigInteger.ONE.shiftLeft(30));
          case "ti", "Ti" -> new BigDecimal(BigInteger.ONE.shiftLeft(40));
          case "pi", "Pi" -> new BigDecimal(BigInteger.ONE.shiftLeft(50));
          case "ei", "Ei" -> new BigDecimal(BigInteger.ONE.shiftLeft(60));
          default ->
              throw BuiltinException.failure("units.parse: unit " + unit + " not recognized");
        };
    BigDecimal amount;
    try {
      amount = new BigDecimal(num.startsWith("+") ? num.substring(1) : num);
    } catch (NumberFormatException e) {
      throw BuiltinException.failure("units.parse: could not parse amount to a number");
    }
    BigDecimal product = amount.multiply(multiplier);
    BigDecimal stripped = product.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return NumberValue.of(stripped.toBigIntegerExact());
    }
    return NumberValue.parse(product.setScale(10, RoundingMode.HALF_UP).toPlainString());
  }
}
