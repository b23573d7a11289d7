package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GoLayout.Chunk;
import dev.weft.policy.rego.internal.builtins.GoLayout.Std;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.Year;
import java.util.List;

/**
 * Go's {@code time.Parse(layout, value)} with its error messages, e.g. {@code parsing time "x" as
 * "2006-01-02": cannot parse "x" as "2006"}. Zone abbreviations other than UTC and GMT parse as a
 * zero offset, as Go does for abbreviations it does not know.
 */
final class GoTimeParser extends GoTimeCursor {

  private static final List<String> LONG_MONTHS =
      List.of(
          "January",
          "February",
          "March",
          "April",
          "May",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December");
  private static final List<String> LONG_DAYS =
      List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday");

  private final String layout;
  private final String value;

  private GoTimeParser(String layout, String value) {
    this.layout = layout;
    this.value = value;
  }

  /** Nanoseconds since the epoch (possibly beyond a long). */
  static BigInteger parse(String layout, String value) throws BuiltinException {
    return new GoTimeParser(layout, value).run();
  }

  private BuiltinException error(String layoutElem, String valueElem) {
    return BuiltinException.failure(
        "parsing time "
            + GoQuote.timeQuote(value)
            + " as "
            + GoQuote.timeQuote(layout)
            + ": cannot parse "
            + GoQuote.timeQuote(valueElem)
            + " as "
            + GoQuote.timeQuote(layoutElem));
  }

  private BuiltinException message(String msg) {
    return BuiltinException.failure("parsing time " + GoQuote.timeQuote(value) + msg);
  }

  private BigInteger run() throws BuiltinException {
    rest = value;
    String l = layout;
    int year = 0;
    int month = -1;
    int day = -1;
    int yday = -1;
    int hour = 0;
    int min = 0;
    int sec = 0;
    long nsec = 0;
    boolean pm = false;
    boolean am = false;
    Integer offset = null;
    while (true) {
      Chunk c = GoLayout.next(l);
      String hold = rest;
      String[] skipped = skip(rest, c.prefix());
      if (skipped.length > 1) {
        throw error(c.prefix(), skipped[0]);
      }
      rest = skipped[0];
      if (c.std() == Std.NONE) {
        if (!rest.isEmpty()) {
          throw message(": extra text: " + GoQuote.timeQuote(rest));
        }
        break;
      }
      l = c.rest();
      hold = rest;
      bad = false;
      range = null;
      switch (c.std()) {
        case YEAR -> {
          if (rest.length() < 2 || !rest.substring(0, 2).chars().allMatch(GoTimeCursor::digit)) {
            bad = true;
          } else {
            year = atoi(rest.substring(0, 2));
            rest = rest.substring(2);
            year += year >= 69 ? 1900 : 2000;
          }
        }
        case LONG_YEAR -> {
          if (rest.length() < 4 || !rest.substring(0, 4).chars().allMatch(GoTimeCursor::digit)) {
            bad = true;
          } else {
            year = atoi(rest.substring(0, 4));
            rest = rest.substring(4);
          }
        }
        case MONTH -> month = lookup(LONG_MONTHS, 3) + 1;
        case LONG_MONTH -> month = lookup(LONG_MONTHS, 0) + 1;
        case NUM_MONTH, ZERO_MONTH -> {
          month = num(c.std() == Std.ZERO_MONTH);
          if (!bad && (month <= 0 || month > 12)) {
            range = "month";
          }
        }
        case WEEKDAY -> lookup(LONG_DAYS, 3);
        case LONG_WEEKDAY -> lookup(LONG_DAYS, 0);
        case DAY, UNDER_DAY, ZERO_DAY -> {
          if (c.std() == Std.UNDER_DAY && rest.startsWith(" ")) {
            rest = rest.substring(1);
          }
          day = num(c.std() == Std.ZERO_DAY);
        }
        case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
          for (int i = 0; i < 2 && c.std() == Std.UNDER_YEAR_DAY && rest.startsWith(" "); i++) {
            rest = rest.substring(1);
          }
          yday = yearDay(c.std() == Std.ZERO_YEAR_DAY);
          if (!bad && (yday < 1 || yday > 366)) {
            range = "day-of-year";
          }
        }
        case HOUR -> {
          hour = num(false);
          if (hour < 0 || hour >= 24) {
            range = "hour";
          }
        }
        case HOUR12, ZERO_HOUR12 -> {
          hour = num(c.std() == Std.ZERO_HOUR12);
          if (hour < 0 || hour > 12) {
            range = "hour";
          }
        }
        case MINUTE, ZERO_MINUTE -> {
          min = num(c.std() == Std.ZERO_MINUTE);
          if (min < 0 || min >= 60) {
            range = "minute";
          }
        }
        case SECOND, ZERO_SECOND -> {
          sec = num(c.std() == Std.ZERO_SECOND);
          if (sec < 0 || sec >= 60) {
            range = "second";
            break;
          }
          if (rest.length() >= 2
              && (rest.charAt(0) == '.' || rest.charAt(0) == ',')
              && digit(rest.charAt(1))) {
            Std next = GoLayout.next(l).std();
            if (next != Std.FRAC0 && next != Std.FRAC9) {
              int n = 2;
              while (n < rest.length() && digit(rest.charAt(n))) {
                n++;
              }
              nsec = nanos(rest, n);
              rest = rest.substring(n);
            }
          }
        }
        case PM, LOWER_PM -> {
          if (rest.length() < 2) {
            bad = true;
          } else {
            String p = rest.substring(0, 2);
            String want = c.std() == Std.PM ? "PM" : "pm";
            String other = c.std() == Std.PM ? "AM" : "am";
            if (p.equals(want)) {
              pm = true;
            } else if (p.equals(other)) {
              am = true;
            } else {
              bad = true;
            }
            rest = rest.substring(2);
          }
        }
        case ISO_TZ,
            ISO_SHORT_TZ,
            ISO_COLON_TZ,
            ISO_SECONDS_TZ,
            ISO_COLON_SECONDS_TZ,
            NUM_TZ,
            NUM_SHORT_TZ,
            NUM_COLON_TZ,
            NUM_SECONDS_TZ,
            NUM_COLON_SECONDS_TZ -> {
          if (c.std().name().startsWith("ISO") && rest.startsWith("Z")) {
            rest = rest.substring(1);
            offset = 0;
          } else {
            offset = zoneOffset(c.std());
          }
        }
        case TZ -> offset = zoneAbbreviation();
        case FRAC0 -> {
          int ndigit = c.text().length();
          if (rest.length() < ndigit) {
            bad = true;
          } else {
            nsec = nanos(rest, ndigit);
            rest = rest.substring(ndigit);
          }
        }
        case FRAC9 -> {
          if (rest.length() >= 2
              && (rest.charAt(0) == '.' || rest.charAt(0) == ',')
              && digit(rest.charAt(1))) {
            int i = 0;
            while (i + 1 < rest.length() && digit(rest.charAt(i + 1))) {
              i++;
            }
            nsec = nanos(rest, 1 + i);
            rest = rest.substring(1 + i);
          }
        }
        default -> bad = true;
      }
      if (range != null) {
        throw BuiltinException.failure(
            "parsing time " + GoQuote.timeQuote(value) + ": " + range + " out of range");
      }
      if (bad) {
        throw error(c.text(), hold);
      }
    }
    if (pm && hour < 12) {
      hour += 12;
    } else if (am && hour == 12) {
      hour = 0;
    }
    LocalDate date;
    if (yday >= 0) {
      if (yday > (Year.isLeap(year) ? 366 : 365)) {
        throw message(": day-of-year out of range");
      }
      date = LocalDate.of(year, 1, 1).plusDays(yday - 1L);
      if (month >= 0 && month != date.getMonthValue() || day >= 0 && day != date.getDayOfMonth()) {
        throw message(
            ": day-of-year does not match "
                + (month >= 0 && month != date.getMonthValue() ? "month" : "day"));
      }
    } else {
      month = month < 0 ? 1 : month;
      day = day < 0 ? 1 : day;
      if (day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
        throw message(": day out of range");
      }
      date = LocalDate.of(year, month, day);
    }
    long seconds =
        date.toEpochDay() * 86400L + hour * 3600L + min * 60L + sec - (offset == null ? 0 : offset);
    return BigInteger.valueOf(seconds)
        .multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(nsec));
  }
}
