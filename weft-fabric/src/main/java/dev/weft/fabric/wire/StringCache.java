package dev.weft.fabric.wire;

import java.util.Arrays;

/**
 * The name and source strings of the last frame a decoder read, reused while the next frames repeat
 * their bytes: a stream of messages to one name then shares one {@code String} (whose hash is
 * computed once) instead of decoding it per frame. One decoder's, so not thread-safe.
 */
final class StringCache {

  /** Longer strings are decoded each time rather than kept. */
  private static final int MAX_BYTES = 512;

  private byte[] nameBytes = new byte[0];
  private String name = "";
  private byte[] sourceBytes = new byte[0];
  private String source = "";

  String name(byte[] in, int offset, int length) {
    if (Arrays.equals(nameBytes, 0, nameBytes.length, in, offset, offset + length)) {
      return name;
    }
    String text = FrameCodec.utf8(in, offset, length);
    if (length <= MAX_BYTES) {
      nameBytes = Arrays.copyOfRange(in, offset, offset + length);
      name = text;
    }
    return text;
  }

  String source(byte[] in, int offset, int length) {
    if (Arrays.equals(sourceBytes, 0, sourceBytes.length, in, offset, offset + length)) {
      return source;
    }
    String text = FrameCodec.utf8(in, offset, length);
    if (length <= MAX_BYTES) {
      sourceBytes = Arrays.copyOfRange(in, offset, offset + length);
      source = text;
    }
    return text;
  }
}
