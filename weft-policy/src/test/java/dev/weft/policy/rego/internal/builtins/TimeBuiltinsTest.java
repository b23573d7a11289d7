package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeBuiltinsTest {

  @Test
  void nowIsTheContextTime() throws Exception {
    assertThat(call(new TestContext(42L), "time.now_ns")).isEqualTo(NumberValue.of(42));
  }

  @ParameterizedTest(name = "time.parse_rfc3339_ns({0}) = {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "1677-09-21T00:12:43.145224192-00:00 ~ -9223372036854775808",
        "1970-01-01T00:00:00-00:00 ~ 0",
        "2017-06-02T19:00:00-07:00 ~ 1496455200000000000",
        "2262-04-11T23:47:16.854775807-00:00 ~ 9223372036854775807",
        "2017-06-02T19:00:00Z ~ 1496430000000000000",
        "2017-06-02T19:00:00.5+01:30 ~ 1496424600500000000",
        "2017-06-02T19:00:00,25Z ~ 1496430000250000000",
      })
  void parseRfc3339(String value, String want) throws Exception {
    assertThat(call("time.parse_rfc3339_ns", s(value))).isEqualTo(n(want));
  }

  @ParameterizedTest(name = "time.parse_rfc3339_ns({0}): {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "1677-09-21T00:12:43.145224191-00:00 ~ time outside of valid range",
        "2262-04-11T23:47:16.854775808-00:00 ~ time outside of valid range",
        "2017-06-02 ~ parsing time \"2017-06-02\" as \"2006-01-02T15:04:05Z07:00\": cannot parse"
            + " \"\" as \"T\"",
        "2017-13-02T19:00:00Z ~ parsing time \"2017-13-02T19:00:00Z\": month out of range",
        "2017-02-30T19:00:00Z ~ parsing time \"2017-02-30T19:00:00Z\": day out of range",
        "2017-06-02T24:00:00Z ~ parsing time \"2017-06-02T24:00:00Z\": hour out of range",
        "x ~ parsing time \"x\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"x\" as \"2006\"",
        "2017-06-02T19:00:00Zjunk ~ parsing time \"2017-06-02T19:00:00Zjunk\": extra text:"
            + " \"junk\"",
        "2017-06-02T19:00:00+0100 ~ parsing time \"2017-06-02T19:00:00+0100\" as"
            + " \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0100\" as \"Z07:00\"",
      })
  void parseRfc3339Errors(String value, String want) {
    assertThat(B.error(false, "time.parse_rfc3339_ns", s(value))).isEqualTo(want);
  }

  @ParameterizedTest(name = "time.parse_ns({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "2006-01-02 ~ 2017-06-02 ~ 1496361600000000000",
        "RFC822Z ~ 02 Jun 17 19:00 -0700 ~ 1496455200000000000",
        "RFC1123 ~ Fri, 02 Jun 2017 19:00:00 UTC ~ 1496430000000000000",
        "Jan _2 2006 3:04PM ~ Jun  2 2017 7:00PM ~ 1496430000000000000",
        "January 2, 2006 15:04:05.000 ~ June 2, 2017 19:00:00.123 ~ 1496430000123000000",
        "2006-002 ~ 2017-153 ~ 1496361600000000000",
        "ANSIC ~ Fri Jun  2 19:00:00 2017 ~ 1496430000000000000",
      })
  void parseNs(String layout, String value, String want) throws Exception {
    assertThat(call("time.parse_ns", s(layout), s(value))).isEqualTo(n(want));
  }

  @Test
  void parseNsErrors() {
    assertThat(B.error(false, "time.parse_ns", s("2006-01-02"), s("2017/06/02")))
        .isEqualTo(
            "parsing time \"2017/06/02\" as \"2006-01-02\": cannot parse \"/06/02\" as \"-\"");
    assertThat(B.error(false, "time.parse_ns", s("Jan 2"), s("Foo 2")))
        .isEqualTo("parsing time \"Foo 2\" as \"Jan 2\": cannot parse \"Foo 2\" as \"Jan\"");
    assertThat(B.error(true, "time.parse_ns", n("1"), s("x")))
        .isEqualTo("operand 1 must be string but got number");
  }

  @ParameterizedTest(name = "time.parse_duration_ns({0}) = {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "1h30m ~ 5400000000000",
        "-1.5s ~ -1500000000",
        "300ms ~ 300000000",
        "2us ~ 2000",
        "0 ~ 0",
        "1h2m3s4ms5us6ns ~ 3723004005006",
      })
  void parseDuration(String value, String want) throws Exception {
    assertThat(call("time.parse_duration_ns", s(value))).isEqualTo(n(want));
  }

  @Test
  void parseDurationErrors() {
    assertThat(B.error(false, "time.parse_duration_ns", s("1")))
        .isEqualTo("time: missing unit in duration \"1\"");
    assertThat(B.error(false, "time.parse_duration_ns", s("1d")))
        .isEqualTo("time: unknown unit \"d\" in duration \"1d\"");
    assertThat(B.error(false, "time.parse_duration_ns", s("")))
        .isEqualTo("time: invalid duration \"\"");
  }

  @Test
  void dateClockWeekday() throws Exception {
    Value ny = arr(n("1517832000000000000"), s("America/New_York"));
    assertThat(call("time.clock", ny)).isEqualTo(arr(n("7"), n("0"), n("0")));
    assertThat(call("time.clock", n("1517832000000000000")))
        .isEqualTo(arr(n("12"), n("0"), n("0")));
    assertThat(call("time.date", ny)).isEqualTo(arr(n("2018"), n("2"), n("5")));
    assertThat(call("time.weekday", ny)).isEqualTo(s("Monday"));
    assertThat(call("time.date", n("-1"))).isEqualTo(arr(n("1969"), n("12"), n("31")));
    assertThat(call("time.date", arr(n("0"), s(""), s("RFC3339"))))
        .isEqualTo(arr(n("1970"), n("1"), n("1")));
    assertThat(call("time.weekday", n("0"))).isEqualTo(s("Thursday"));
  }

  @Test
  void timeOperandErrors() {
    assertThat(B.error(true, "time.date", s("x")))
        .isEqualTo(
            "operand 1 must be either number (ns) or [number (ns), string (tz)] but got string");
    assertThat(B.error(true, "time.date", arr()))
        .isEqualTo(
            "operand 1 must be either number (ns) or [number (ns), string (tz)] but got array");
    assertThat(B.error(true, "time.clock", arr(s("1"))))
        .isEqualTo("operand 1 must be number but got string");
    assertThat(B.error(true, "time.clock", arr(n("1"), n("2"))))
        .isEqualTo("operand 1 must be string but got number");
    assertThat(B.error(false, "time.clock", arr(n("1"), s("Mars/Olympus"))))
        .isEqualTo("unknown time zone Mars/Olympus");
    assertThat(B.error(false, "time.clock", arr(n("1"), s("+01:00"))))
        .isEqualTo("unknown time zone +01:00");
    assertThat(B.error(false, "time.clock", n("1.5"))).isEqualTo("timestamp too big");
    assertThat(B.error(false, "time.clock", n("9223372036854775808")))
        .isEqualTo("timestamp too big");
  }

  @ParameterizedTest(name = "time.add_date({0}, {1}, {2}, {3}) = {4}")
  @CsvSource(
      delimiter = '~',
      value = {
        "1496430000000000000 ~ 1 ~ 0 ~ 0 ~ 1527966000000000000",
        "1496430000000000000 ~ 0 ~ 1 ~ 1 ~ 1499108400000000000",
        "1485889200000000000 ~ 0 ~ 1 ~ 0 ~ 1488567600000000000",
        "1496430000000000000 ~ 0 ~ 0 ~ -1 ~ 1496343600000000000",
      })
  void addDate(String t, int y, int m, int d, String want) throws Exception {
    assertThat(call("time.add_date", n(t), NumberValue.of(y), NumberValue.of(m), NumberValue.of(d)))
        .isEqualTo(n(want));
  }

  @Test
  void addDateNormalizesLikeGoAndChecksRange() throws Exception {
    // 2017-01-31 + 1 month = 2017-02-31 = 2017-03-03
    Value jan31 = call("time.parse_rfc3339_ns", s("2017-01-31T00:00:00Z"));
    Value mar3 = call("time.parse_rfc3339_ns", s("2017-03-03T00:00:00Z"));
    assertThat(call("time.add_date", jan31, n("0"), n("1"), n("0"))).isEqualTo(mar3);
    assertThat(B.error(false, "time.add_date", n("0"), n("300"), n("0"), n("0")))
        .isEqualTo("time outside of valid range");
    assertThat(B.error(true, "time.add_date", n("0"), n("1.5"), n("0"), n("0")))
        .isEqualTo("operand 2 must be integer number but got floating-point number");
  }

  @Test
  void diff() throws Exception {
    Value a = call("time.parse_rfc3339_ns", s("2017-01-31T10:00:00Z"));
    Value b = call("time.parse_rfc3339_ns", s("2018-03-01T09:30:15Z"));
    assertThat(call("time.diff", a, b))
        .isEqualTo(arr(n("1"), n("1"), n("0"), n("23"), n("30"), n("15")));
    assertThat(call("time.diff", b, a))
        .isEqualTo(arr(n("1"), n("1"), n("0"), n("23"), n("30"), n("15")));
    assertThat(call("time.diff", a, a))
        .isEqualTo(arr(n("0"), n("0"), n("0"), n("0"), n("0"), n("0")));
  }
}
