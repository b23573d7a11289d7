package dev.weft.policy.rego.internal.builtins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Go's {@code encoding/base64} decoding, padded and not strict (CR and LF ignored, trailing bits
 * not checked), with its error: {@code illegal base64 data at input byte 4}.
 */
final class GoBase64 {

  private static final byte[] STD =
      map("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  private static final byte[] URL =
      map("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

  private GoBase64() {}

  private static byte[] map(String alphabet) {
    byte[] m = new byte[256];
    Arrays.fill(m, (byte) -1);
    for (int i = 0; i < alphabet.length(); i++) {
      m[alphabet.charAt(i)] = (byte) i;
    }
    return m;
  }

  static byte[] decodeStd(String s) throws BuiltinException {
    return decode(s.getBytes(StandardCharsets.UTF_8), STD);
  }

  static byte[] decodeUrl(String s) throws BuiltinException {
    return decode(s.getBytes(StandardCharsets.UTF_8), URL);
  }

  private static BuiltinException corrupt(int offset) {
    return BuiltinException.failure("illegal base64 data at input byte " + offset);
  }

  private static boolean newline(byte b) {
    return b == '\n' || b == '\r';
  }

  private static byte[] decode(byte[] src, byte[] map) throws BuiltinException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
    int si = 0;
    while (si < src.length) {
      int[] buf = new int[4];
      int len = 4;
      int j = 0;
      boolean end = false;
      while (j < 4) {
        if (si == src.length) {
          if (j == 0) {
            return out.toByteArray();
          }
          throw corrupt(si - j);
        }
        byte in = src[si++];
        int v = map[in & 0xff];
        if (v >= 0) {
          buf[j++] = v;
          continue;
        }
        if (newline(in)) {
          continue;
        }
        if (in != '=') {
          throw corrupt(si - 1);
        }
        if (j == 0 || j == 1) {
          throw corrupt(si - 1);
        }
        if (j == 2) {
          while (si < src.length && newline(src[si])) {
            si++;
          }
          if (si == src.length) {
            throw corrupt(src.length);
          }
          if (src[si] != '=') {
            throw corrupt(si - 1);
          }
          si++;
        }
        while (si < src.length && newline(src[si])) {
          si++;
        }
        if (si < src.length) {
          throw corrupt(si);
        }
        len = j;
        end = true;
        break;
      }
      int val = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
      out.write(val >> 16);
      if (len > 2) {
        out.write(val >> 8);
      }
      if (len > 3) {
        out.write(val);
      }
      if (end) {
        break;
      }
    }
    return out.toByteArray();
  }
}
