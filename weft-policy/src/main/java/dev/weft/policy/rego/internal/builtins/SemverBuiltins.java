package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.text.GoText;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code semver.compare semver.is_valid}: SemVer 2.0.0 versions, strictly (no leading zeros in
 * numbers or numeric pre-release identifiers, no empty identifiers; build metadata is ignored for
 * precedence), as OPA reads them (a leading {@code v} is allowed).
 */
final class SemverBuiltins {

  private static final Pattern IDENTIFIERS = Pattern.compile("[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*");
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private record Version(long major, long minor, long patch, String preRelease) {}

  private SemverBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("semver.compare", SemverBuiltins::compare),
        Fn.of1(
            "semver.is_valid",
            a -> BooleanValue.of(a instanceof StringValue s && parse(s.value()) != null)));
  }

  private static Value compare(Value a, Value b) throws BuiltinException {
    String x = Operands.string(a, 1);
    String y = Operands.string(b, 2);
    Version vx = parse(x);
    if (vx == null) {
      throw BuiltinException.failure(
          "operand 1: string " + GoQuote.quote(x) + " is not a valid SemVer");
    }
    Version vy = parse(y);
    if (vy == null) {
      throw BuiltinException.failure(
          "operand 2: string " + GoQuote.quote(y) + " is not a valid SemVer");
    }
    return NumberValue.of(compare(vx, vy));
  }

  /** The version, or null when {@code s} is not one. */
  static Version parse(String s) {
    String version = s.startsWith("v") ? s.substring(1) : s;
    int plus = version.indexOf('+');
    if (plus >= 0) {
      String metadata = version.substring(plus + 1);
      version = version.substring(0, plus);
      if (!IDENTIFIERS.matcher(metadata).matches()) {
        return null;
      }
    }
    String pre = "";
    int dash = version.indexOf('-');
    if (dash >= 0) {
      pre = version.substring(dash + 1);
      version = version.substring(0, dash);
      if (!IDENTIFIERS.matcher(pre).matches()) {
        return null;
      }
      for (String id : pre.split("\\.")) {
        if (decimal(id) && id.length() > 1 && id.startsWith("0")) {
          return null;
        }
      }
    }
    String[] parts = version.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    Long major = goParseInt(parts[0]);
    Long minor = goParseInt(parts[1]);
    Long patch = goParseInt(parts[2]);
    if (major == null || minor == null || patch == null) {
      return null;
    }
    return new Version(major, minor, patch, pre);
  }

  /** A version number: {@code 0} or digits without a leading zero, within int64. */
  private static Long goParseInt(String s) {
    if (!s.matches("0|[1-9][0-9]*")) {
      return null;
    }
    BigInteger v = new BigInteger(s);
    return v.compareTo(INT64_MAX) > 0 ? null : v.longValue();
  }

  private static int compare(Version v, Version o) {
    int c = Long.compare(v.major, o.major);
    if (c == 0) {
      c = Long.compare(v.minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(v.patch, o.patch);
    }
    if (c != 0) {
      return Integer.signum(c);
    }
    if (v.preRelease.equals(o.preRelease)) {
      return 0;
    }
    if (v.preRelease.isEmpty()) {
      return 1;
    }
    if (o.preRelease.isEmpty()) {
      return -1;
    }
    String[] a = v.preRelease.split("\\.", -1);
    String[] b = o.preRelease.split("\\.", -1);
    for (int i = 0; ; i++) {
      String x = i < a.length ? a[i] : "";
      String y = i < b.length ? b[i] : "";
      if (x.isEmpty() && !y.isEmpty()) {
        return -1;
      }
      if (!x.isEmpty() && y.isEmpty()) {
        return 1;
      }
      boolean xi = decimal(x);
      boolean yi = decimal(y);
      if (xi != yi) {
        return xi ? -1 : 1;
      }
      int d = xi ? atoi(x).compareTo(atoi(y)) : Integer.signum(GoText.compareCodePoints(x, y));
      if (d != 0) {
        return Integer.signum(d);
      }
      boolean moreA = i + 1 < a.length;
      boolean moreB = i + 1 < b.length;
      if (moreA != moreB) {
        return moreA ? 1 : -1;
      }
      if (!moreA) {
        return 0;
      }
    }
  }

  private static boolean decimal(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Go's {@code strconv.Atoi}, whose error (out of range) OPA ignores: 0. */
  private static BigInteger atoi(String s) {
    BigInteger v = new BigInteger(s);
    return v.bitLength() > 63 ? BigInteger.ZERO : v;
  }
}
