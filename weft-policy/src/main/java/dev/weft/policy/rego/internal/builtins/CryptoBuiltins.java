package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code crypto.md5 crypto.sha1 crypto.sha256} and {@code crypto.hmac.md5/sha1/sha256/sha512
 * crypto.hmac.equal}: digests of a string's UTF-8 bytes as lower-case hex; the HMAC comparison
 * takes constant time.
 */
final class CryptoBuiltins {

  private CryptoBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        digest("crypto.md5", "MD5"),
        digest("crypto.sha1", "SHA-1"),
        digest("crypto.sha256", "SHA-256"),
        hmac("crypto.hmac.md5", "HmacMD5"),
        hmac("crypto.hmac.sha1", "HmacSHA1"),
        hmac("crypto.hmac.sha256", "HmacSHA256"),
        hmac("crypto.hmac.sha512", "HmacSHA512"),
        Fn.of2(
            "crypto.hmac.equal",
            (a, b) ->
                BooleanValue.of(
                    MessageDigest.isEqual(
                        bytes(Operands.string(a, 1)), bytes(Operands.string(b, 2))))));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Fn digest(String name, String algorithm) {
    return Fn.of1(
        name,
        a -> {
          byte[] input = bytes(Operands.string(a, 1));
          try {
            return hex(MessageDigest.getInstance(algorithm).digest(input));
          } catch (GeneralSecurityException e) {
            throw BuiltinException.failure(algorithm + " is not available: " + e.getMessage());
          }
        });
  }

  private static Fn hmac(String name, String algorithm) {
    return Fn.of2(
        name,
        (a, b) -> {
          byte[] message = bytes(Operands.string(a, 1));
          byte[] key = bytes(Operands.string(b, 2));
          try {
            Mac mac = Mac.getInstance(algorithm);
            // An empty key is valid for HMAC; the JDK's SecretKeySpec refuses it, so pad to one
            // zero
            // byte, which HMAC's own zero padding makes equivalent.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return hex(mac.doFinal(message));
          } catch (GeneralSecurityException e) {
            throw BuiltinException.failure(algorithm + " is not available: " + e.getMessage());
          }
        });
  }

  private static Value hex(byte[] digest) {
    return StringValue.of(HexFormat.of().formatHex(digest));
  }
}
