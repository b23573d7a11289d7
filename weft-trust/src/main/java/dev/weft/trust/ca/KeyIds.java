package dev.weft.trust.ca;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Validation and generation of key IDs. */
final class KeyIds {
  static final int MAX_LENGTH = 200;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]+");

  private KeyIds() {}

  static void check(String keyId) throws CaException {
    if (keyId == null
        || keyId.length() > MAX_LENGTH
        || !VALID.matcher(keyId).matches()
        || keyId.equals(".")
        || keyId.equals("..")) {
      throw new CaException(
          "key ID: "
              + (keyId == null ? "null" : "\"" + keyId + "\"")
              + " (expected: 1 to "
              + MAX_LENGTH
              + " characters of A-Z a-z 0-9 . _ -)");
    }
  }

  /** A new key ID such as {@code x509-ca-1767225600-3f9a0c1b2d4e5f60}. */
  static String fresh(String prefix, long epochSecond) {
    byte[] random = new byte[8];
    KeyMaterial.RANDOM.nextBytes(random);
    return prefix + "-" + epochSecond + "-" + HexFormat.of().formatHex(random);
  }
}
