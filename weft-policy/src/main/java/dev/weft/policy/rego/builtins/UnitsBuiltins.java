package dev.weft.policy.rego.builtins;

import dev.weft.policy.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code units.parse_bytes}: {@code "10KB"}, {@code "1.5GiB"}, {@code "1e3"} to a byte count. */
final class UnitsBuiltins {

  private static final Map<String, BigInteger> UNITS = units();
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:e[+-]?[0-9]+)?");

  private UnitsBuiltins() {}

  static List<Builtin> all() {
    return List.of(Fn.of1("units.parse_bytes", UnitsBuiltins::parseBytes));
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
    int split = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isDigit(c) && c != '.' && c != 'e' && c != '+' && c != '-') {
        split = i;
        break;
      }
      if (c == 'e') {
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
          throw error("exponent too large");
        }
      }
    }
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
}
