package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GoLayout.Std;
import java.util.List;

/**
 * The value side of Go's {@code time.Parse}: what is left to read, and whether the element just
 * read was bad or out of range. Each method reads one layout element, as Go's {@code parse} does.
 */
abstract class GoTimeCursor {

  String rest;
  boolean bad;
  String range;

  int num(boolean fixed) {
    if (rest.isEmpty() || !digit(rest.charAt(0))) {
      bad = true;
      return 0;
    }
    if (rest.length() < 2 || !digit(rest.charAt(1))) {
      if (fixed) {
        bad = true;
        return 0;
      }
      int n = rest.charAt(0) - '0';
      rest = rest.substring(1);
      return n;
    }
    int n = (rest.charAt(0) - '0') * 10 + rest.charAt(1) - '0';
    rest = rest.substring(2);
    return n;
  }

  int lookup(List<String> names, int len) {
    for (int i = 0; i < names.size(); i++) {
      String name = len > 0 ? names.get(i).substring(0, len) : names.get(i);
      if (rest.length() >= name.length()
          && rest.substring(0, name.length()).equalsIgnoreCase(name)) {
        rest = rest.substring(name.length());
        return i;
      }
    }
    bad = true;
    return -1;
  }

  int yearDay(boolean fixed) {
    if (rest.length() < 3 && fixed || rest.isEmpty() || !digit(rest.charAt(0))) {
      bad = true;
      return 0;
    }
    int n = 0;
    int i = 0;
    while (i < 3 && i < rest.length() && digit(rest.charAt(i))) {
      n = n * 10 + rest.charAt(i++) - '0';
    }
    if (fixed && i < 3) {
      bad = true;
    }
    rest = rest.substring(i);
    return n;
  }

  Integer zoneOffset(Std std) {
    String sign;
    String h;
    String m = "00";
    String s = "00";
    int len;
    switch (std) {
      case ISO_COLON_TZ, NUM_COLON_TZ -> {
        if (rest.length() < 6 || rest.charAt(3) != ':') {
          bad = true;
          return null;
        }
        len = 6;
        m = rest.substring(4, 6);
      }
      case ISO_SHORT_TZ, NUM_SHORT_TZ -> {
        if (rest.length() < 3) {
          bad = true;
          return null;
        }
        len = 3;
      }
      case ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> {
        if (rest.length() < 9 || rest.charAt(3) != ':' || rest.charAt(6) != ':') {
          bad = true;
          return null;
        }
        len = 9;
        m = rest.substring(4, 6);
        s = rest.substring(7, 9);
      }
      case ISO_SECONDS_TZ, NUM_SECONDS_TZ -> {
        if (rest.length() < 7) {
          bad = true;
          return null;
        }
        len = 7;
        m = rest.substring(3, 5);
        s = rest.substring(5, 7);
      }
      default -> {
        if (rest.length() < 5) {
          bad = true;
          return null;
        }
        len = 5;
        m = rest.substring(3, 5);
      }
    }
    sign = rest.substring(0, 1);
    h = rest.substring(1, 3);
    rest = rest.substring(len);
    if (!h.chars().allMatch(GoTimeCursor::digit)
        || !m.chars().allMatch(GoTimeCursor::digit)
        || !s.chars().allMatch(GoTimeCursor::digit)) {
      bad = true;
      return null;
    }
    int hr = Integer.parseInt(h);
    int mm = Integer.parseInt(m);
    int ss = Integer.parseInt(s);
    if (hr > 24) {
      range = "time zone offset hour";
    } else if (mm > 60) {
      range = "time zone offset minute";
    } else if (ss > 60) {
      range = "time zone offset second";
    }
    int off = (hr * 60 + mm) * 60 + ss;
    switch (sign) {
      case "+" -> {
        return off;
      }
      case "-" -> {
        return -off;
      }
      default -> {
        bad = true;
        return null;
      }
    }
  }

  Integer zoneAbbreviation() {
    if (rest.length() >= 3 && rest.startsWith("UTC")) {
      rest = rest.substring(3);
      return 0;
    }
    int n = 0;
    while (n < rest.length() && n < 5 && rest.charAt(n) >= 'A' && rest.charAt(n) <= 'Z') {
      n++;
    }
    if (n < 3) {
      bad = true;
      return null;
    }
    rest = rest.substring(n);
    return 0;
  }

  long nanos(String s, int nbytes) {
    if (s.charAt(0) != '.' && s.charAt(0) != ',') {
      bad = true;
      return 0;
    }
    if (nbytes > 10) {
      nbytes = 10;
    }
    String digits = s.substring(1, nbytes);
    if (!digits.chars().allMatch(GoTimeCursor::digit)) {
      bad = true;
      return 0;
    }
    long ns = digits.isEmpty() ? 0 : Long.parseLong(digits);
    for (int i = 0; i < 10 - nbytes; i++) {
      ns *= 10;
    }
    return ns;
  }

  static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  static int atoi(String s) {
    return Integer.parseInt(s);
  }

  /**
   * Go's {@code skip}: the literal prefix, where a space matches any run of spaces.
   *
   * @return {rest} on success, {rest where it failed, "bad"} on failure
   */
  static String[] skip(String v, String prefix) {
    while (!prefix.isEmpty()) {
      if (prefix.charAt(0) == ' ') {
        if (!v.isEmpty() && v.charAt(0) != ' ') {
          return new String[] {v, "bad"};
        }
        prefix = prefix.stripLeading().isEmpty() ? "" : prefix.replaceFirst("^ +", "");
        v = v.replaceFirst("^ +", "");
        continue;
      }
      if (v.isEmpty() || v.charAt(0) != prefix.charAt(0)) {
        return new String[] {v, "bad"};
      }
      prefix = prefix.substring(1);
      v = v.substring(1);
    }
    return new String[] {v};
  }
}
