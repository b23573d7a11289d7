package dev.weft.policy.rego.internal.builtins;

/** The elements of Go's time layouts ({@code nextStdChunk}): literal prefix, element, rest. */
final class GoLayout {

  enum Std {
    NONE,
    LONG_MONTH,
    MONTH,
    NUM_MONTH,
    ZERO_MONTH,
    LONG_WEEKDAY,
    WEEKDAY,
    DAY,
    UNDER_DAY,
    ZERO_DAY,
    UNDER_YEAR_DAY,
    ZERO_YEAR_DAY,
    HOUR,
    HOUR12,
    ZERO_HOUR12,
    MINUTE,
    ZERO_MINUTE,
    SECOND,
    ZERO_SECOND,
    LONG_YEAR,
    YEAR,
    PM,
    LOWER_PM,
    TZ,
    ISO_TZ,
    ISO_SECONDS_TZ,
    ISO_SHORT_TZ,
    ISO_COLON_TZ,
    ISO_COLON_SECONDS_TZ,
    NUM_TZ,
    NUM_SECONDS_TZ,
    NUM_SHORT_TZ,
    NUM_COLON_TZ,
    NUM_COLON_SECONDS_TZ,
    FRAC0,
    FRAC9
  }

  /** One step of the layout: {@code prefix} literal text, then {@code std} spelled {@code text}. */
  record Chunk(String prefix, Std std, String text, String rest) {}

  private static final Std[] ZERO_X = {
    Std.ZERO_MONTH, Std.ZERO_DAY, Std.ZERO_HOUR12, Std.ZERO_MINUTE, Std.ZERO_SECOND, Std.YEAR
  };

  private GoLayout() {}

  static Chunk next(String l) {
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      Chunk chunk =
          switch (c) {
            case 'J' ->
                l.startsWith("January", i)
                    ? at(l, i, 7, Std.LONG_MONTH)
                    : l.startsWith("Jan", i) && !lowerAt(l, i + 3) ? at(l, i, 3, Std.MONTH) : null;
            case 'M' ->
                l.startsWith("Monday", i)
                    ? at(l, i, 6, Std.LONG_WEEKDAY)
                    : l.startsWith("Mon", i) && !lowerAt(l, i + 3)
                        ? at(l, i, 3, Std.WEEKDAY)
                        : l.startsWith("MST", i) ? at(l, i, 3, Std.TZ) : null;
            case '0' ->
                i + 1 < l.length() && l.charAt(i + 1) >= '1' && l.charAt(i + 1) <= '6'
                    ? at(l, i, 2, ZERO_X[l.charAt(i + 1) - '1'])
                    : l.startsWith("002", i) ? at(l, i, 3, Std.ZERO_YEAR_DAY) : null;
            case '1' -> l.startsWith("15", i) ? at(l, i, 2, Std.HOUR) : at(l, i, 1, Std.NUM_MONTH);
            case '2' -> l.startsWith("2006", i) ? at(l, i, 4, Std.LONG_YEAR) : at(l, i, 1, Std.DAY);
            case '_' ->
                l.startsWith("_2006", i)
                    ? new Chunk(l.substring(0, i + 1), Std.LONG_YEAR, "2006", l.substring(i + 5))
                    : l.startsWith("_2", i)
                        ? at(l, i, 2, Std.UNDER_DAY)
                        : l.startsWith("__2", i) ? at(l, i, 3, Std.UNDER_YEAR_DAY) : null;
            case '3' -> at(l, i, 1, Std.HOUR12);
            case '4' -> at(l, i, 1, Std.MINUTE);
            case '5' -> at(l, i, 1, Std.SECOND);
            case 'P' -> l.startsWith("PM", i) ? at(l, i, 2, Std.PM) : null;
            case 'p' -> l.startsWith("pm", i) ? at(l, i, 2, Std.LOWER_PM) : null;
            case '-' ->
                zone(
                    l,
                    i,
                    "-070000",
                    Std.NUM_SECONDS_TZ,
                    "-07:00:00",
                    Std.NUM_COLON_SECONDS_TZ,
                    "-0700",
                    Std.NUM_TZ,
                    "-07:00",
                    Std.NUM_COLON_TZ,
                    "-07",
                    Std.NUM_SHORT_TZ);
            case 'Z' ->
                zone(
                    l,
                    i,
                    "Z070000",
                    Std.ISO_SECONDS_TZ,
                    "Z07:00:00",
                    Std.ISO_COLON_SECONDS_TZ,
                    "Z0700",
                    Std.ISO_TZ,
                    "Z07:00",
                    Std.ISO_COLON_TZ,
                    "Z07",
                    Std.ISO_SHORT_TZ);
            case '.', ',' -> fraction(l, i);
            default -> null;
          };
      if (chunk != null) {
        return chunk;
      }
    }
    return new Chunk(l, Std.NONE, "", "");
  }

  private static boolean lowerAt(String l, int i) {
    return i < l.length() && l.charAt(i) >= 'a' && l.charAt(i) <= 'z';
  }

  private static Chunk at(String l, int i, int len, Std std) {
    return new Chunk(l.substring(0, i), std, l.substring(i, i + len), l.substring(i + len));
  }

  private static Chunk zone(String l, int i, Object... options) {
    for (int k = 0; k < options.length; k += 2) {
      String text = (String) options[k];
      if (l.startsWith(text, i)) {
        return at(l, i, text.length(), (Std) options[k + 1]);
      }
    }
    return null;
  }

  private static Chunk fraction(String l, int i) {
    if (i + 1 < l.length() && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
      char ch = l.charAt(i + 1);
      int j = i + 1;
      while (j < l.length() && l.charAt(j) == ch) {
        j++;
      }
      if (j >= l.length() || !Character.isDigit(l.charAt(j))) {
        return at(l, i, j - i, ch == '0' ? Std.FRAC0 : Std.FRAC9);
      }
    }
    return null;
  }
}
