package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetBuiltinsTest {

  @ParameterizedTest(name = "net.cidr_contains({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "10.0.0.0/8 ~ 10.1.0.0/24 ~ true",
        "10.0.0.0/8 ~ 10.1.2.3 ~ true",
        "10.0.0.0/8 ~ 11.0.0.1 ~ false",
        "10.0.0.0/8 ~ 10.0.0.0/7 ~ false",
        "192.168.1.0/28 ~ 192.168.1.15 ~ true",
        "192.168.1.0/28 ~ 192.168.1.16 ~ false",
        "192.168.1.7/24 ~ 192.168.1.200 ~ true",
        "0.0.0.0/0 ~ 255.255.255.255 ~ true",
        "10.0.0.1/32 ~ 10.0.0.1 ~ true",
        "10.0.0.1/32 ~ 10.0.0.1/32 ~ true",
        "2001:db8::/32 ~ 2001:db8:1::1 ~ true",
        "2001:db8::/32 ~ 2001:db9::1 ~ false",
        "2001:db8::/32 ~ 2001:db8:ffff::/48 ~ true",
        "2001:db8::/48 ~ 2001:db8::/32 ~ false",
        "::/0 ~ 10.0.0.1 ~ false",
        "10.0.0.0/8 ~ ::ffff:10.1.2.3 ~ true",
        "::ffff:10.0.0.0/104 ~ 10.1.2.3 ~ true",
        "fe80::1:2:3:4/128 ~ fe80:0:0:0:1:2:3:4 ~ true",
        "1:2:3:4:5:6:7:8/127 ~ 1:2:3:4:5:6:7:9 ~ true",
        "::/127 ~ ::1 ~ true",
      })
  void contains(String cidr, String other, boolean want) throws Exception {
    assertThat(call("net.cidr_contains", s(cidr), s(other))).isEqualTo(BooleanValue.of(want));
  }

  @ParameterizedTest(name = "net.cidr_contains({0}, {1}): {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "not-a-cidr ~ 192.168.1.67 ~ invalid CIDR address: not-a-cidr",
        "192.168.1.0/28 ~ not-a-cidr ~ not a valid textual representation of an IP address or CIDR:"
            + " not-a-cidr",
        "192.168.1.0 ~ 192.168.1.1 ~ invalid CIDR address: 192.168.1.0",
        "192.168.1.0/33 ~ 192.168.1.1 ~ invalid CIDR address: 192.168.1.0/33",
        "192.168.01.0/24 ~ 192.168.1.1 ~ invalid CIDR address: 192.168.01.0/24",
        "10.0.0.0/8 ~ 10.0.0.256 ~ not a valid textual representation of an IP address or CIDR:"
            + " 10.0.0.256",
        "10.0.0.0/8 ~ fe80::1%eth0 ~ not a valid textual representation of an IP address or CIDR:"
            + " fe80::1%eth0",
        "1::2::3/64 ~ ::1 ~ invalid CIDR address: 1::2::3/64",
        "1:2:3:4:5:6:7:8:9/64 ~ ::1 ~ invalid CIDR address: 1:2:3:4:5:6:7:8:9/64",
        "10.0.0.0/-1 ~ ::1 ~ invalid CIDR address: 10.0.0.0/-1",
      })
  void containsErrors(String cidr, String other, String want) {
    assertThat(B.error(false, "net.cidr_contains", s(cidr), s(other))).isEqualTo(want);
  }

  @ParameterizedTest(name = "net.cidr_intersects({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "192.168.0.0/16 ~ 192.168.1.0/24 ~ true",
        "192.168.1.0/24 ~ 192.168.0.0/16 ~ true",
        "192.168.1.0/24 ~ 192.168.2.0/24 ~ false",
        "fd1e:5bfe:8af3:9ddc::/64 ~ fd1e:5bfe:8af3:9ddc:1111::/72 ~ true",
        "fd1e:5bfe:8af3:9ddc::/64 ~ 10.0.0.0/8 ~ false",
      })
  void intersects(String a, String b, boolean want) throws Exception {
    assertThat(call("net.cidr_intersects", s(a), s(b))).isEqualTo(BooleanValue.of(want));
  }

  @Test
  void operandErrorsReportOperandOneAsOpaDoes() throws Exception {
    assertThat(B.error(true, "net.cidr_contains", n("1"), s("10.0.0.1")))
        .isEqualTo("operand 1 must be string but got number");
    assertThat(B.error(true, "net.cidr_contains", s("10.0.0.0/8"), n("1")))
        .isEqualTo("operand 1 must be string but got number");
    assertThat(B.error(false, "net.cidr_intersects", s("10.0.0.0/8"), s("x")))
        .isEqualTo("invalid CIDR address: x");
    assertThat(call("net.cidr_is_valid", s("10.0.0.0/8"))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("net.cidr_is_valid", s("10.0.0.0"))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("net.cidr_is_valid", n("1"))).isEqualTo(BooleanValue.FALSE);
  }
}
