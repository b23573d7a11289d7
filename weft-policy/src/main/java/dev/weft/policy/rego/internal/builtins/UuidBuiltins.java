package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code uuid.rfc4122} (a random version 4 UUID, the same for the same key within one query) and
 * {@code uuid.parse} (google/uuid's forms and OPA's decoded fields).
 */
final class UuidBuiltins {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long GREGORIAN_TO_UNIX_100NS = 122_192_928_000_000_000L;

  private record Key(Value key) {}

  private UuidBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        new Fn("uuid.rfc4122", 1, UuidBuiltins::rfc4122),
        Fn.of1("uuid.parse", UuidBuiltins::parse));
  }

  private static Value rfc4122(BuiltinContext ctx, Value[] args) throws BuiltinException {
    Operands.string(args[0], 1);
    Key key = new Key(args[0]);
    if (ctx.cache().get(key) instanceof Value cached) {
      return cached;
    }
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    b[8] = (byte) (b[8] & 0x3f | 0x80);
    b[6] = (byte) (b[6] & 0x0f | 0x40);
    Value uuid = StringValue.of(format(b));
    ctx.cache().put(key, uuid);
    return uuid;
  }

  static String format(byte[] b) {
    String h = HexFormat.of().formatHex(b);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  private static Value parse(Value a) throws BuiltinException {
    byte[] u = bytes(Operands.string(a, 1));
    if (u == null) {
      return null;
    }
    int version = (u[6] & 0xff) >>> 4;
    ObjectValue.Builder out =
        ObjectValue.builder()
            .put("version", NumberValue.of(version))
            .put("variant", StringValue.of(variant(u[8] & 0xff)));
    if (version == 1 || version == 2) {
      long time =
          (u[6] & 0x0fL) << 56
              | (u[7] & 0xffL) << 48
              | (u[4] & 0xffL) << 40
              | (u[5] & 0xffL) << 32
              | (u[0] & 0xffL) << 24
              | (u[1] & 0xffL) << 16
              | (u[2] & 0xffL) << 8
              | (u[3] & 0xffL);
      long since = time - GREGORIAN_TO_UNIX_100NS;
      out.put(
          "time", NumberValue.of(since / 10_000_000 * 1_000_000_000L + since % 10_000_000 * 100));
      byte[] node = java.util.Arrays.copyOfRange(u, 10, 16);
      out.put("macvariables", StringValue.of(macVars(node[0])));
      out.put("nodeid", StringValue.of(HexFormat.ofDelimiter("-").formatHex(node)));
      out.put("clocksequence", NumberValue.of(((u[8] & 0xff) << 8 | (u[9] & 0xff)) & 0x3fff));
      if (version == 2) {
        long id =
            (u[0] & 0xffL) << 24 | (u[1] & 0xffL) << 16 | (u[2] & 0xffL) << 8 | (u[3] & 0xffL);
        out.put("id", NumberValue.of(id));
        int domain = u[9] & 0xff;
        out.put(
            "domain",
            StringValue.of(
                switch (domain) {
                  case 0 -> "Person";
                  case 1 -> "Group";
                  case 2 -> "Org";
                  default -> "Domain" + domain;
                }));
      }
    }
    return out.build();
  }

  private static String variant(int b) {
    if ((b & 0xc0) == 0x80) {
      return "RFC4122";
    }
    if ((b & 0xe0) == 0xc0) {
      return "Microsoft";
    }
    if ((b & 0xe0) == 0xe0) {
      return "Future";
    }
    return "Reserved";
  }

  private static String macVars(byte b) {
    if ((b & 3) == 3) {
      return "local:multicast";
    }
    if ((b & 1) == 1) {
      return "global:multicast";
    }
    return (b & 2) == 2 ? "local:unicast" : "global:unicast";
  }

  /** google/uuid's {@code Parse}: plain, {@code urn:uuid:}, braced, or 32 hex digits. */
  private static byte[] bytes(String s) {
    switch (s.length()) {
      case 36 -> {}
      case 45 -> {
        if (!s.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
          return null;
        }
        s = s.substring(9);
      }
      case 38 -> {
        if (s.charAt(0) != '{' || s.charAt(37) != '}') {
          return null;
        }
        s = s.substring(1, 37);
      }
      case 32 -> {
        return hex(s);
      }
      default -> {
        return null;
      }
    }
    if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return null;
    }
    return hex(
        s.substring(0, 8)
            + s.substring(9, 13)
            + s.substring(14, 18)
            + s.substring(19, 23)
            + s.substring(24));
  }

  private static byte[] hex(String s) {
    if (s.length() != 32) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 0x7f) {
        return null;
      }
    }
    return HexFormat.of().parseHex(s);
  }
}
