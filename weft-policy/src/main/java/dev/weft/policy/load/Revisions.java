package dev.weft.policy.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/** Content revisions: a short SHA-256 over file names and contents. */
final class Revisions {

  /** Hex digits of the digest kept in a revision (64 bits). */
  static final int LENGTH = 16;

  private Revisions() {}

  /**
   * A SHA-256 over every file's name and content, in name order, as {@value #LENGTH} hex digits.
   * Each file contributes its name, a zero byte, its length and its bytes, so that no two different
   * sets of files hash alike by concatenation.
   */
  static String contentHash(SortedMap<String, byte[]> files) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(file.getValue().length).array());
      sha.update(file.getValue());
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, LENGTH);
  }
}
