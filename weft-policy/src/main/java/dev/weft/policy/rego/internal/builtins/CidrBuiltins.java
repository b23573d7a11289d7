package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code net.cidr_contains_matches net.cidr_expand net.cidr_merge}, with OPA's semantics: IPv4
 * networks are merged in the IPv4-mapped part of the IPv6 space, and a bare IPv4 address given to
 * {@code net.cidr_merge} takes its classful default mask, as Go's {@code IP.DefaultMask} gives it.
 */
final class CidrBuiltins {

  /** The most addresses {@code net.cidr_expand} lists; a larger network is refused. */
  static final int MAX_EXPANDED = 1 << 20;

  private static final BigInteger V4_BASE = BigInteger.valueOf(0xffffL).shiftLeft(32);

  private CidrBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("net.cidr_contains_matches", CidrBuiltins::containsMatches),
        Fn.of1("net.cidr_expand", CidrBuiltins::expand),
        Fn.of1("net.cidr_merge", CidrBuiltins::merge));
  }

  // ---- net.cidr_contains_matches ----

  private interface Visitor {
    void visit(Value cidr, Value index) throws BuiltinException;
  }

  private static Value containsMatches(Value a, Value b) throws BuiltinException {
    Builtin contains = Builtins.lookup("net.cidr_contains");
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    each(
        1,
        a,
        (c1, i1) ->
            each(
                2,
                b,
                (c2, i2) -> {
                  if (contains.call(null, new Value[] {c1, c2}) == BooleanValue.TRUE) {
                    out.add(ArrayValue.of(i1, i2));
                  }
                }));
    return SetValue.wrap(out);
  }

  private static void each(int operand, Value v, Visitor f) throws BuiltinException {
    switch (v) {
      case StringValue s -> f.visit(s, s);
      case ArrayValue arr -> {
        for (int i = 0; i < arr.size(); i++) {
          f.visit(matchTerm(operand, arr.get(i)), NumberValue.of(i));
        }
      }
      case SetValue set -> {
        for (Value x : set.sorted()) {
          f.visit(matchTerm(operand, x), x);
        }
      }
      case ObjectValue obj -> {
        for (Map.Entry<Value, Value> e : obj.entrySet()) {
          f.visit(matchTerm(operand, e.getValue()), e.getKey());
        }
      }
      default -> {}
    }
  }

  private static Value matchTerm(int operand, Value v) throws BuiltinException {
    if (v instanceof StringValue) {
      return v;
    }
    if (v instanceof ArrayValue arr && arr.size() > 0) {
      return arr.get(0);
    }
    throw BuiltinException.failure(
        "operand " + operand + ": element must be string or non-empty array");
  }

  // ---- net.cidr_expand ----

  private static Value expand(Value a) throws BuiltinException {
    String s = Operands.string(a, 1);
    GoIp.Net net = GoIp.parseCidr(s);
    if (net == null) {
      throw BuiltinException.failure("invalid CIDR address: " + s);
    }
    int bits = net.mask().length * 8;
    int ones = prefix(net.mask());
    if (bits - ones > 20) {
      throw BuiltinException.failure(
          "net.cidr_expand: "
              + s
              + " has 2^"
              + (bits - ones)
              + " addresses (expected: at most "
              + MAX_EXPANDED
              + ")");
    }
    BigInteger first = new BigInteger(1, net.ip());
    int count = 1 << (bits - ones);
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      out.add(StringValue.of(GoIp.format(bytes(first.add(BigInteger.valueOf(i)), bits / 8))));
    }
    return SetValue.wrap(out);
  }

  // ---- net.cidr_merge ----

  /** An inclusive range of the 128-bit space, and the network it came from if unmerged. */
  private record Range(BigInteger first, BigInteger last, String network) {}

  private static Value merge(Value a) throws BuiltinException {
    List<Range> ranges = new ArrayList<>();
    switch (a) {
      case ArrayValue arr -> {
        for (Value v : arr.elements()) {
          ranges.add(range(v));
        }
      }
      case SetValue set -> {
        for (Value v : set.sorted()) {
          ranges.add(range(v));
        }
      }
      default -> throw BuiltinException.failure("operand must be an array");
    }
    ranges.sort(
        (x, y) -> {
          int c = x.last.compareTo(y.last);
          return c != 0 ? c : x.first.compareTo(y.first);
        });
    for (int i = ranges.size() - 1; i > 0; i--) {
      Range cur = ranges.get(i);
      Range prev = ranges.get(i - 1);
      if (previous(cur.first).compareTo(prev.last) <= 0) {
        BigInteger first = prev.first.min(cur.first);
        ranges.set(i - 1, new Range(first, cur.last, null));
        ranges.remove(i);
      }
    }
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    for (Range r : ranges) {
      if (r.network != null) {
        out.add(StringValue.of(r.network));
      } else {
        for (String cidr : cover(r.first, r.last)) {
          out.add(StringValue.of(cidr));
        }
      }
    }
    return SetValue.wrap(out);
  }

  /** OPA's {@code generateIPNet}: a CIDR, or a bare IPv4 address with its default mask. */
  private static Range range(Value v) throws BuiltinException {
    if (!(v instanceof StringValue sv)) {
      throw BuiltinException.failure("element must be string");
    }
    String s = sv.value();
    byte[] ip = GoIp.parseIp(s);
    GoIp.Net net;
    if (ip == null) {
      net = GoIp.parseCidr(s);
      if (net == null) {
        throw BuiltinException.failure("invalid CIDR address: " + s);
      }
    } else {
      byte[] v4 = GoIp.to4(ip);
      if (v4 == null) {
        throw BuiltinException.failure("IPv6 invalid: needs prefix length");
      }
      int ones = (v4[0] & 0xff) < 0x80 ? 8 : (v4[0] & 0xff) < 0xc0 ? 16 : 24;
      net = new GoIp.Net(v4, mask(ones, 4));
    }
    byte[] masked = net.ip().clone();
    for (int i = 0; i < masked.length; i++) {
      masked[i] &= net.mask()[i];
    }
    BigInteger first = new BigInteger(1, masked);
    int hostBits = net.mask().length * 8 - prefix(net.mask());
    if (net.ip().length == 4) {
      first = first.or(V4_BASE);
    }
    BigInteger last = first.or(BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE));
    return new Range(first, last, GoIp.format(net));
  }

  /** cilium's {@code GetPreviousIP}: zero stays zero, IPv4 stays in the IPv4 part. */
  private static BigInteger previous(BigInteger ip) {
    if (ip.signum() == 0 || ip.equals(V4_BASE)) {
      return ip;
    }
    return ip.subtract(BigInteger.ONE);
  }

  /** The fewest CIDR blocks that cover {@code [first, last]}, lowest first. */
  private static List<String> cover(BigInteger first, BigInteger last) {
    boolean v4 =
        first.shiftRight(32).equals(V4_BASE.shiftRight(32))
            && last.shiftRight(32).equals(V4_BASE.shiftRight(32));
    List<String> out = new ArrayList<>();
    BigInteger cur = first;
    while (cur.compareTo(last) <= 0) {
      int size = cur.signum() == 0 ? 128 : cur.getLowestSetBit();
      size = Math.min(size, v4 ? 32 : 128);
      while (size > 0
          && cur.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(last) > 0) {
        size--;
      }
      byte[] ip = bytes(cur, 16);
      int prefix = 128 - size;
      out.add(v4 ? GoIp.format(ip) + "/" + (prefix - 96) : GoIp.format(ip) + "/" + prefix);
      cur = cur.add(BigInteger.ONE.shiftLeft(size));
    }
    return out;
  }

  private static int prefix(byte[] mask) {
    int ones = 0;
    for (byte b : mask) {
      ones += Integer.bitCount(b & 0xff);
    }
    return ones;
  }

  private static byte[] mask(int ones, int length) {
    byte[] m = new byte[length];
    for (int b = 0; b < ones; b++) {
      m[b / 8] |= (byte) (0x80 >> (b % 8));
    }
    return m;
  }

  private static byte[] bytes(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
