package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/** {@code net.cidr_contains net.cidr_intersects net.cidr_is_valid}, IPv4 and IPv6. */
final class NetBuiltins {

  private NetBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("net.cidr_contains", NetBuiltins::contains),
        Fn.of2("net.cidr_overlap", NetBuiltins::contains),
        Fn.of2("net.cidr_intersects", NetBuiltins::intersects),
        Fn.of1(
            "net.cidr_is_valid",
            a -> BooleanValue.of(a instanceof StringValue s && GoIp.parseCidr(s.value()) != null)));
  }

  /** OPA's {@code getNetFromOperand}; it reports every operand as operand 1. */
  private static GoIp.Net net(Value v) throws BuiltinException {
    String s = Operands.string(v, 1);
    GoIp.Net n = GoIp.parseCidr(s);
    if (n == null) {
      throw BuiltinException.failure("invalid CIDR address: " + s);
    }
    return n;
  }

  private static Value contains(Value a, Value b) throws BuiltinException {
    GoIp.Net net = net(a);
    String s = Operands.string(b, 1);
    byte[] ip = GoIp.parseIp(s);
    if (ip != null) {
      return BooleanValue.of(GoIp.contains(net, ip));
    }
    GoIp.Net other = GoIp.parseCidr(s);
    if (other == null) {
      throw BuiltinException.failure(
          "not a valid textual representation of an IP address or CIDR: " + s);
    }
    return BooleanValue.of(GoIp.contains(net, other.ip()) && GoIp.contains(net, GoIp.last(other)));
  }

  private static Value intersects(Value a, Value b) throws BuiltinException {
    GoIp.Net x = net(a);
    GoIp.Net y = net(b);
    return BooleanValue.of(GoIp.contains(x, y.ip()) || GoIp.contains(y, x.ip()));
  }
}
