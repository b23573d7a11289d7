package dev.weft.policy.rego.internal.builtins;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Go's {@code Time.Format(layout)} over the layout elements {@link GoLayout} finds. */
final class GoTimeFormat {

  private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.US);

  private GoTimeFormat() {}

  static String format(ZonedDateTime t, String layout) {
    StringBuilder b = new StringBuilder();
    String l = layout;
    while (!l.isEmpty()) {
      GoLayout.Chunk c = GoLayout.next(l);
      b.append(c.prefix());
      if (c.std() == GoLayout.Std.NONE) {
        break;
      }
      l = c.rest();
      element(b, t, c);
    }
    return b.toString();
  }

  private static void element(StringBuilder b, ZonedDateTime t, GoLayout.Chunk c) {
    int offset = t.getOffset().getTotalSeconds();
    switch (c.std()) {
      case YEAR -> pad(b, Math.floorMod(t.getYear(), 100), 2);
      case LONG_YEAR -> pad(b, t.getYear(), 4);
      case MONTH -> b.append(month(t), 0, 3);
      case LONG_MONTH -> b.append(month(t));
      case NUM_MONTH -> b.append(t.getMonthValue());
      case ZERO_MONTH -> pad(b, t.getMonthValue(), 2);
      case WEEKDAY -> b.append(weekday(t), 0, 3);
      case LONG_WEEKDAY -> b.append(weekday(t));
      case DAY -> b.append(t.getDayOfMonth());
      case UNDER_DAY -> b.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
      case ZERO_DAY -> pad(b, t.getDayOfMonth(), 2);
      case UNDER_YEAR_DAY -> {
        int yday = t.getDayOfYear();
        b.append(yday < 100 ? yday < 10 ? "  " : " " : "").append(yday);
      }
      case ZERO_YEAR_DAY -> pad(b, t.getDayOfYear(), 3);
      case HOUR -> pad(b, t.getHour(), 2);
      case HOUR12 -> b.append(hour12(t));
      case ZERO_HOUR12 -> pad(b, hour12(t), 2);
      case MINUTE -> b.append(t.getMinute());
      case ZERO_MINUTE -> pad(b, t.getMinute(), 2);
      case SECOND -> b.append(t.getSecond());
      case ZERO_SECOND -> pad(b, t.getSecond(), 2);
      case PM -> b.append(t.getHour() >= 12 ? "PM" : "AM");
      case LOWER_PM -> b.append(t.getHour() >= 12 ? "pm" : "am");
      case TZ -> {
        String name = ZONE_NAME.format(t);
        if (name.startsWith("GMT+") || name.startsWith("GMT-") || name.isEmpty()) {
          int zone = offset / 60;
          b.append(zone < 0 ? '-' : '+');
          zone = Math.abs(zone);
          pad(b, zone / 60, 2);
          pad(b, zone % 60, 2);
        } else {
          b.append(name);
        }
      }
      case FRAC0, FRAC9 -> nanos(b, t.getNano(), c.text());
      default -> zone(b, c.std(), offset);
    }
  }

  private static void zone(StringBuilder b, GoLayout.Std std, int offset) {
    boolean iso =
        switch (std) {
          case ISO_TZ, ISO_COLON_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_SECONDS_TZ -> true;
          default -> false;
        };
    if (offset == 0 && iso) {
      b.append('Z');
      return;
    }
    int zone = offset / 60;
    int abs = offset;
    if (zone < 0) {
      b.append('-');
      zone = -zone;
      abs = -abs;
    } else {
      b.append('+');
    }
    pad(b, zone / 60, 2);
    boolean colon =
        switch (std) {
          case ISO_COLON_TZ, NUM_COLON_TZ, ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> true;
          default -> false;
        };
    if (colon) {
      b.append(':');
    }
    if (std != GoLayout.Std.NUM_SHORT_TZ && std != GoLayout.Std.ISO_SHORT_TZ) {
      pad(b, zone % 60, 2);
    }
    boolean seconds =
        switch (std) {
          case ISO_SECONDS_TZ, NUM_SECONDS_TZ, NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ -> true;
          default -> false;
        };
    if (seconds) {
      if (std == GoLayout.Std.NUM_COLON_SECONDS_TZ || std == GoLayout.Std.ISO_COLON_SECONDS_TZ) {
        b.append(':');
      }
      pad(b, abs % 60, 2);
    }
  }

  /** Go's {@code appendNano}: {@code .000} keeps its digits, {@code .999} trims trailing zeros. */
  private static void nanos(StringBuilder b, int nanos, String text) {
    boolean trim = text.charAt(1) == '9';
    int n = text.length() - 1;
    if (trim && nanos == 0) {
      return;
    }
    char dot = text.charAt(0);
    String digits = String.format("%09d", nanos).substring(0, Math.min(n, 9));
    if (trim) {
      int end = digits.length();
      while (end > 0 && digits.charAt(end - 1) == '0') {
        end--;
      }
      digits = digits.substring(0, end);
      if (digits.isEmpty()) {
        return;
      }
    }
    b.append(dot).append(digits);
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  private static String month(ZonedDateTime t) {
    return t.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
  }

  private static String weekday(ZonedDateTime t) {
    return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
  }

  /** Go's {@code appendInt(b, x, width)}: zero-padded to {@code width}, sign first. */
  private static void pad(StringBuilder b, int x, int width) {
    if (x < 0) {
      b.append('-');
      x = -x;
    }
    String s = Integer.toString(x);
    b.append("0".repeat(Math.max(0, width - s.length()))).append(s);
  }
}
