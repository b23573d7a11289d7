package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** {@code hex.encode hex.decode urlquery.encode urlquery.decode}, as Go's codecs. */
final class TextCodecs {

  private static final String UPPER_HEX = "0123456789ABCDEF";

  private TextCodecs() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("hex.encode", a -> StringValue.of(HexFormat.of().formatHex(bytes(a)))),
        Fn.of1("hex.decode", a -> text(hexDecode(Operands.string(a, 1)))),
        Fn.of1("urlquery.encode", a -> StringValue.of(queryEscape(bytes(a)))),
        Fn.of1("urlquery.decode", a -> text(queryUnescape(Operands.string(a, 1)))));
  }

  private static byte[] bytes(Value a) throws BuiltinException {
    return Operands.string(a, 1).getBytes(StandardCharsets.UTF_8);
  }

  private static Value text(byte[] b) {
    return StringValue.of(new String(b, StandardCharsets.UTF_8));
  }

  private static int unhex(byte b) {
    return b < 0 ? -1 : Character.digit(b, 16);
  }

  private static BuiltinException invalidByte(byte b) {
    int c = b & 0xff;
    String hex = String.format("U+%04X", c);
    return BuiltinException.failure(
        "encoding/hex: invalid byte: " + hex + (GoQuote.isPrint(c) ? " '" + (char) c + "'" : ""));
  }

  /** Go's {@code hex.DecodeString}. */
  static byte[] hexDecode(String s) throws BuiltinException {
    byte[] src = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[src.length / 2];
    int j = 1;
    for (int i = 0; j < src.length; i++, j += 2) {
      int a = unhex(src[j - 1]);
      if (a < 0) {
        throw invalidByte(src[j - 1]);
      }
      int b = unhex(src[j]);
      if (b < 0) {
        throw invalidByte(src[j]);
      }
      out[i] = (byte) (a << 4 | b);
    }
    if (src.length % 2 == 1) {
      if (unhex(src[j - 1]) < 0) {
        throw invalidByte(src[j - 1]);
      }
      throw BuiltinException.failure("encoding/hex: odd length hex string");
    }
    return out;
  }

  /** Go's {@code url.QueryEscape}. */
  static String queryEscape(byte[] b) {
    StringBuilder out = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 0xf));
      }
    }
    return out.toString();
  }

  /** Go's {@code url.QueryUnescape}. */
  static byte[] queryUnescape(String s) throws BuiltinException {
    byte[] src = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
    for (int i = 0; i < src.length; i++) {
      byte c = src[i];
      if (c == '%') {
        if (i + 2 >= src.length || unhex(src[i + 1]) < 0 || unhex(src[i + 2]) < 0) {
          String bad = new String(src, i, Math.min(3, src.length - i), StandardCharsets.UTF_8);
          throw BuiltinException.failure("invalid URL escape " + GoQuote.quote(bad));
        }
        out.write(unhex(src[i + 1]) << 4 | unhex(src[i + 2]));
        i += 2;
      } else {
        out.write(c == '+' ? ' ' : c);
      }
    }
    return out.toByteArray();
  }
}
