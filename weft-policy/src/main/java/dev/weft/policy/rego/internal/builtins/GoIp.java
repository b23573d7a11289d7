package dev.weft.policy.rego.internal.builtins;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Go's {@code net.ParseIP}, {@code net.ParseCIDR} and {@code IPNet.Contains}: IPv4 without leading
 * zeros, IPv6 with {@code ::} and an embedded IPv4 tail, no zones; IPv4-mapped IPv6 addresses
 * compare as IPv4.
 */
final class GoIp {

  private static final byte[] V4_IN_V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

  /** A network: its masked address (4 or 16 bytes) and mask (4 or 16 bytes). */
  record Net(byte[] ip, byte[] mask) {}

  private GoIp() {}

  /** {@code net.ParseIP}: 16 bytes (IPv4 as IPv4-in-IPv6), or null. */
  static byte[] parseIp(String s) {
    byte[] v4 = parseV4(s);
    if (v4 != null) {
      byte[] out = Arrays.copyOf(V4_IN_V6, 16);
      System.arraycopy(v4, 0, out, 12, 4);
      return out;
    }
    return s.indexOf(':') >= 0 ? parseV6(s) : null;
  }

  private static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || p.length() > 1 && p.charAt(0) == '0') {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseV6(String s) {
    int ellipsis = s.indexOf("::");
    if (ellipsis >= 0 && s.indexOf("::", ellipsis + 1) >= 0) {
      return null;
    }
    byte[] head = groups(ellipsis >= 0 ? s.substring(0, ellipsis) : s, ellipsis < 0);
    byte[] tail = ellipsis >= 0 ? groups(s.substring(ellipsis + 2), true) : new byte[0];
    if (head == null || tail == null) {
      return null;
    }
    if (ellipsis < 0 ? head.length != 16 : head.length + tail.length > 14) {
      return null;
    }
    byte[] out = new byte[16];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, 16 - tail.length, tail.length);
    return out;
  }

  /** Colon-separated hex groups, the last of which may be an IPv4 address; null if invalid. */
  private static byte[] groups(String part, boolean v4Tail) {
    if (part.isEmpty()) {
      return new byte[0];
    }
    String[] fields = part.split(":", -1);
    byte[] out = new byte[fields.length * 2 + 2];
    int n = 0;
    for (int k = 0; k < fields.length; k++) {
      String f = fields[k];
      if (k == fields.length - 1 && v4Tail && f.indexOf('.') >= 0) {
        byte[] v4 = parseV4(f);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, out, n, 4);
        n += 4;
        continue;
      }
      if (f.isEmpty()
          || f.length() > 4
          || !f.chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
        return null;
      }
      int v = Integer.parseInt(f, 16);
      out[n++] = (byte) (v >> 8);
      out[n++] = (byte) v;
    }
    return n > 16 ? null : Arrays.copyOf(out, n);
  }

  /** {@code net.ParseCIDR}, or null. */
  static Net parseCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String addr = s.substring(0, slash);
    String prefix = s.substring(slash + 1);
    byte[] v4 = parseV4(addr);
    byte[] ip = v4 != null ? v4 : addr.indexOf(':') >= 0 ? parseV6(addr) : null;
    if (ip == null
        || prefix.isEmpty()
        || prefix.length() > 7
        || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int bits = Integer.parseInt(prefix);
    if (bits > ip.length * 8) {
      return null;
    }
    byte[] mask = new byte[ip.length];
    for (int b = 0; b < bits; b++) {
      mask[b / 8] |= (byte) (0x80 >> (b % 8));
    }
    byte[] net = new byte[ip.length];
    for (int k = 0; k < ip.length; k++) {
      net[k] = (byte) (ip[k] & mask[k]);
    }
    return new Net(net, mask);
  }

  /** {@code IP.To4()}: the 4-byte form of an IPv4 or IPv4-mapped address, or null. */
  static byte[] to4(byte[] ip) {
    if (ip.length == 4) {
      return ip;
    }
    return Arrays.equals(ip, 0, 12, V4_IN_V6, 0, 12) ? Arrays.copyOfRange(ip, 12, 16) : null;
  }

  /** {@code IPNet.Contains(ip)}. */
  static boolean contains(Net n, byte[] ip) {
    byte[] nn = to4(n.ip()) != null ? to4(n.ip()) : n.ip();
    byte[] m = n.mask();
    if (m.length == 4 && nn.length != 4) {
      return false;
    }
    if (m.length == 16 && nn.length == 4) {
      m = Arrays.copyOfRange(m, 12, 16);
    }
    byte[] x = to4(ip);
    if (x != null) {
      ip = x;
    }
    if (ip.length != nn.length) {
      return false;
    }
    for (int i = 0; i < ip.length; i++) {
      if ((nn[i] & m[i]) != (ip[i] & m[i])) {
        return false;
      }
    }
    return true;
  }

  /** OPA's {@code getLastIP}: the highest address of the network. */
  static byte[] last(Net n) {
    int ones = 0;
    for (byte b : n.mask()) {
      ones += Integer.bitCount(b & 0xff);
    }
    int bits = n.mask().length * 8;
    BigInteger first = new BigInteger(1, n.ip());
    BigInteger host = BigInteger.ONE.shiftLeft(bits - ones).subtract(BigInteger.ONE);
    byte[] raw = first.or(host).toByteArray();
    byte[] out = new byte[bits / 8];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    return out;
  }

  /** Go's {@code IP.String()}: dotted IPv4 (also for IPv4-mapped), else compressed IPv6. */
  static String format(byte[] ip) {
    byte[] v4 = to4(ip);
    if (v4 != null) {
      return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
    }
    int e0 = -1;
    int e1 = -1;
    for (int i = 0; i < 16; i += 2) {
      int j = i;
      while (j < 16 && ip[j] == 0 && ip[j + 1] == 0) {
        j += 2;
      }
      if (j > i && j - i > e1 - e0) {
        e0 = i;
        e1 = j;
        i = j;
      }
    }
    if (e1 - e0 <= 2) {
      e0 = -1;
      e1 = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      if (i == e0) {
        out.append("::");
        i = e1;
        if (i >= 16) {
          break;
        }
      } else if (i > 0) {
        out.append(':');
      }
      out.append(Integer.toHexString((ip[i] & 0xff) << 8 | (ip[i + 1] & 0xff)));
    }
    return out.toString();
  }

  /** Go's {@code IPNet.String()}: the address as stored and the prefix length. */
  static String format(Net n) {
    int ones = 0;
    for (byte b : n.mask()) {
      ones += Integer.bitCount(b & 0xff);
    }
    return format(n.ip()) + "/" + ones;
  }
}
