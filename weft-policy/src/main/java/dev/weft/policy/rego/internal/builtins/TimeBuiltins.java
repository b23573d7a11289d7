package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code time.now_ns time.parse_rfc3339_ns time.parse_ns time.parse_duration_ns time.date
 * time.clock time.weekday time.add_date time.diff}, as OPA's {@code time.go}: times are nanoseconds
 * since the epoch, optionally {@code [ns, "America/New_York"]}.
 */
final class TimeBuiltins {

  private static final BigInteger MIN_NS = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_NS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final String EXPECTED = "either number (ns) or [number (ns), string (tz)]";
  private static final Map<String, String> LAYOUTS =
      Map.of(
          "ANSIC", "Mon Jan _2 15:04:05 2006",
          "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
          "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
          "RFC822", "02 Jan 06 15:04 MST",
          "RFC822Z", "02 Jan 06 15:04 -0700",
          "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
          "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
          "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
          "RFC3339", "2006-01-02T15:04:05Z07:00",
          "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00");

  private TimeBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        new Fn("time.now_ns", 0, (ctx, args) -> NumberValue.of(ctx.nowNanos())),
        Fn.of1(
            "time.parse_rfc3339_ns",
            a -> safe(GoTimeParser.parse(LAYOUTS.get("RFC3339"), Operands.string(a, 1)))),
        Fn.of2("time.parse_ns", TimeBuiltins::parse),
        Fn.of1(
            "time.parse_duration_ns", a -> NumberValue.of(GoDuration.parse(Operands.string(a, 1)))),
        Fn.of1(
            "time.date",
            a -> {
              ZonedDateTime t = time(a);
              return ints(t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            }),
        Fn.of1(
            "time.clock",
            a -> {
              ZonedDateTime t = time(a);
              return ints(t.getHour(), t.getMinute(), t.getSecond());
            }),
        Fn.of1("time.weekday", a -> StringValue.of(weekday(time(a)))),
        new Fn("time.add_date", 4, (ctx, args) -> addDate(args)),
        Fn.of2("time.diff", TimeBuiltins::diff),
        Fn.of1("time.format", TimeBuiltins::format));
  }

  private static Value parse(Value a, Value b) throws BuiltinException {
    String layout = Operands.string(a, 1);
    String value = Operands.string(b, 2);
    return safe(GoTimeParser.parse(LAYOUTS.getOrDefault(layout, layout), value));
  }

  /** OPA's {@code time.format}: RFC 3339 with nanoseconds unless the operand names a layout. */
  private static Value format(Value a) throws BuiltinException {
    ZonedDateTime t = time(a);
    String layout =
        a instanceof ArrayValue arr && arr.size() > 2 ? ((StringValue) arr.get(2)).value() : "";
    layout = layout.isEmpty() ? LAYOUTS.get("RFC3339Nano") : LAYOUTS.getOrDefault(layout, layout);
    return StringValue.of(GoTimeFormat.format(t, layout));
  }

  /** OPA's {@code toSafeUnixNano}. */
  private static Value safe(BigInteger ns) throws BuiltinException {
    if (ns.compareTo(MIN_NS) < 0 || ns.compareTo(MAX_NS) > 0) {
      throw BuiltinException.failure("time outside of valid range");
    }
    return NumberValue.of(ns.longValue());
  }

  private static Value ints(int... values) {
    Value[] out = new Value[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = NumberValue.of(values[i]);
    }
    return ArrayValue.wrap(out);
  }

  private static String weekday(ZonedDateTime t) {
    String name = t.getDayOfWeek().name();
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  /**
   * OPA's {@code tzTime}: a number of ns, or {@code [ns]}, {@code [ns, tz]}, {@code [ns, tz,
   * layout]}.
   */
  static ZonedDateTime time(Value a) throws BuiltinException {
    Value n;
    ZoneId zone = ZoneOffset.UTC;
    if (a instanceof ArrayValue arr) {
      if (arr.size() == 0) {
        throw BuiltinException.operand(1, EXPECTED, "array");
      }
      n = Operands.number(arr.get(0), 1);
      if (arr.size() > 1) {
        zone = zone(Operands.string(arr.get(1), 1));
      }
      if (arr.size() > 2) {
        Operands.string(arr.get(2), 1);
      }
    } else if (a instanceof NumberValue) {
      n = a;
    } else {
      throw BuiltinException.operand(1, EXPECTED, a.typeName());
    }
    GoFloat f = GoFloat.of((NumberValue) n);
    BigInteger ns = f.isInt() ? f.truncate() : null;
    if (ns == null || ns.bitLength() > 63) {
      throw BuiltinException.failure("timestamp too big");
    }
    long v = ns.longValue();
    return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L))
        .atZone(zone);
  }

  private static ZoneId zone(String name) throws BuiltinException {
    switch (name) {
      case "", "UTC" -> {
        return ZoneOffset.UTC;
      }
      case "Local" -> {
        return ZoneId.systemDefault();
      }
      default -> {
        try {
          ZoneId z = ZoneId.of(name);
          if (!(z instanceof ZoneOffset)
                  && name.matches("[A-Za-z][A-Za-z0-9_+\\-/]*")
                  && !name.startsWith("UTC+")
                  && !name.startsWith("UTC-")
                  && !name.startsWith("GMT+")
                  && !name.startsWith("GMT-")
              || name.matches("Etc/GMT[+-][0-9]{1,2}")) {
            return z;
          }
        } catch (DateTimeException e) {
          // fall through: Go's error below
        }
        throw BuiltinException.failure("unknown time zone " + name);
      }
    }
  }

  private static Value addDate(Value[] args) throws BuiltinException {
    ZonedDateTime t = time(args[0]);
    int years = Operands.integer(args[1], 2);
    int months = Operands.integer(args[2], 3);
    int days = Operands.integer(args[3], 4);
    try {
      long totalMonths = (t.getYear() + (long) years) * 12 + t.getMonthValue() - 1 + months;
      LocalDate date =
          LocalDate.of((int) Math.floorDiv(totalMonths, 12), Math.floorMod(totalMonths, 12) + 1, 1)
              .plusDays(t.getDayOfMonth() - 1L + days);
      ZonedDateTime r =
          ZonedDateTime.ofLocal(LocalDateTime.of(date, t.toLocalTime()), t.getZone(), null);
      Instant i = r.toInstant();
      return safe(
          BigInteger.valueOf(i.getEpochSecond())
              .multiply(BigInteger.valueOf(1_000_000_000L))
              .add(BigInteger.valueOf(i.getNano())));
    } catch (DateTimeException | ArithmeticException e) {
      throw BuiltinException.failure("time outside of valid range");
    }
  }

  private static Value diff(Value a, Value b) throws BuiltinException {
    ZonedDateTime t1 = time(a);
    ZonedDateTime t2 = time(b).withZoneSameInstant(t1.getZone());
    if (t1.isAfter(t2)) {
      ZonedDateTime x = t1;
      t1 = t2;
      t2 = x;
    }
    int year = t2.getYear() - t1.getYear();
    int month = t2.getMonthValue() - t1.getMonthValue();
    int day = t2.getDayOfMonth() - t1.getDayOfMonth();
    int hour = t2.getHour() - t1.getHour();
    int min = t2.getMinute() - t1.getMinute();
    int sec = t2.getSecond() - t1.getSecond();
    if (sec < 0) {
      sec += 60;
      min--;
    }
    if (min < 0) {
      min += 60;
      hour--;
    }
    if (hour < 0) {
      hour += 24;
      day--;
    }
    if (day < 0) {
      day += LocalDate.of(t1.getYear(), t1.getMonthValue(), 1).lengthOfMonth();
      month--;
    }
    if (month < 0) {
      month += 12;
      year--;
    }
    return ints(year, month, day, hour, min, sec);
  }
}
