package dev.weft.fabric.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte layout of a frame (all integers big-endian):
 *
 * <pre>
 *  0  u32 length      bytes after this field
 *  4  u8  type        {@link FrameType}
 *  5  u8  flags       {@link Flags}
 *  6  u8  ttl
 *  7  u8  reserved    0
 *  8  u64 id
 * 16  u32 origin      hash of the node the frame entered at (0 from clients)
 * 20  u32 connection  connection id at the origin node (0 from clients)
 * 24  u16 name length N
 * 26  u16 source length S
 * 28  u16 metadata length M
 * 30  N bytes name (UTF-8), S bytes source (UTF-8),
 *     M bytes metadata: pairs of (u8 key length, key, u16 value length, value), UTF-8
 *     payload: the rest
 * </pre>
 */
public final class FrameCodec {

  /** Bytes before the name: the length field and the fixed header. */
  public static final int HEADER_BYTES = 30;

  /** Bytes of the fixed header counted in the length field. */
  public static final int FIXED_AFTER_LENGTH = HEADER_BYTES - 4;

  private FrameCodec() {}

  /** The whole encoded size of {@code frame}, length field included. */
  public static int encodedSize(Frame frame) {
    return HEADER_BYTES
        + utf8Length(frame.name())
        + utf8Length(frame.source())
        + metadataLength(frame.metadata())
        + frame.payload().length;
  }

  /**
   * Writes {@code frame} to {@code out}.
   *
   * @throws IllegalArgumentException if a field does not fit its length field
   */
  public static void encode(Frame frame, ByteBuf out) {
    encode(
        frame,
        frame.name().getBytes(StandardCharsets.UTF_8),
        frame.source().getBytes(StandardCharsets.UTF_8),
        out);
  }

  /** Writes {@code frame} whose name and source are already UTF-8 encoded. */
  static void encode(Frame frame, byte[] name, byte[] source, ByteBuf out) {
    Map<String, String> metadata = frame.metadata();
    int metaLength = metadata.isEmpty() ? 0 : metadataLength(metadata);
    check("name", name.length, 0xffff);
    check("source", source.length, 0xffff);
    check("metadata", metaLength, 0xffff);
    int length =
        FIXED_AFTER_LENGTH + name.length + source.length + metaLength + frame.payload().length;
    out.ensureWritable(length + 4);
    out.writeInt(length);
    // type, flags, ttl and the reserved 0 in one write
    out.writeInt((frame.type().wire() << 24) | (frame.flags() << 16) | (frame.ttl() << 8));
    out.writeLong(frame.id());
    out.writeInt(frame.origin());
    out.writeInt(frame.connection());
    out.writeShort(name.length);
    out.writeShort(source.length);
    out.writeShort(metaLength);
    out.writeBytes(name);
    out.writeBytes(source);
    if (metaLength > 0) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
        out.writeByte(key.length);
        out.writeBytes(key);
        out.writeShort(value.length);
        out.writeBytes(value);
      }
    }
    out.writeBytes(frame.payload());
  }

  /**
   * Reads the body of one frame whose length field ({@code length}) has been read and whose bytes
   * are all readable in {@code in}.
   *
   * @throws MalformedFrameException if the fields do not add up or carry unknown values
   */
  public static Frame decodeBody(ByteBuf in, int length) throws MalformedFrameException {
    return decodeBody(in, length, null);
  }

  /**
   * Reads the body of one frame like {@link #decodeBody(ByteBuf, int)}, taking the name and source
   * strings from {@code strings} when they repeat the previous frame's (null: no cache).
   */
  static Frame decodeBody(ByteBuf in, int length, StringCache strings)
      throws MalformedFrameException {
    if (length < FIXED_AFTER_LENGTH) {
      throw new MalformedFrameException(
          "frame length: " + length + " (expected: at least " + FIXED_AFTER_LENGTH + ")");
    }
    // One bulk copy of the body, then every field is read from the array.
    byte[] body = new byte[length];
    in.readBytes(body);
    int typeByte = body[0] & 0xff;
    FrameType type = FrameType.ofWire(typeByte);
    if (type == null) {
      throw new MalformedFrameException("frame type: " + typeByte + " (expected: 1-11)");
    }
    int flags = body[1] & 0xff;
    if ((flags & ~Flags.KNOWN) != 0) {
      throw new MalformedFrameException(
          "frame flags: " + flags + " (expected: bits of " + Flags.KNOWN + ")");
    }
    int ttl = body[2] & 0xff;
    int reserved = body[3] & 0xff;
    if (reserved != 0) {
      throw new MalformedFrameException("frame reserved byte: " + reserved + " (expected: 0)");
    }
    long id = ((long) int32(body, 4) << 32) | (int32(body, 8) & 0xffffffffL);
    int origin = int32(body, 12);
    int connection = int32(body, 16);
    int nameLength = uint16(body, 20);
    int sourceLength = uint16(body, 22);
    int metaLength = uint16(body, 24);
    int variable = length - FIXED_AFTER_LENGTH;
    int fields = nameLength + sourceLength + metaLength;
    if (fields > variable) {
      throw new MalformedFrameException(
          "frame fields: "
              + fields
              + " bytes (expected: at most the "
              + variable
              + " the length leaves)");
    }
    int at = FIXED_AFTER_LENGTH;
    String name = strings == null ? utf8(body, at, nameLength) : strings.name(body, at, nameLength);
    at += nameLength;
    String source =
        strings == null ? utf8(body, at, sourceLength) : strings.source(body, at, sourceLength);
    at += sourceLength;
    Map<String, String> metadata = metaLength == 0 ? Map.of() : readMetadata(body, at, metaLength);
    byte[] payload = Arrays.copyOfRange(body, at + metaLength, length);
    return new Frame(type, flags, ttl, id, origin, connection, name, source, metadata, payload);
  }

  private static Map<String, String> readMetadata(byte[] in, int at, int length)
      throws MalformedFrameException {
    int end = at + length;
    Map<String, String> metadata = new LinkedHashMap<>();
    while (at < end) {
      int keyLength = in[at++] & 0xff;
      if (at + keyLength + 2 > end) {
        throw new MalformedFrameException("frame metadata: key overruns the metadata");
      }
      String key = utf8(in, at, keyLength);
      at += keyLength;
      int valueLength = uint16(in, at);
      at += 2;
      if (at + valueLength > end) {
        throw new MalformedFrameException(
            "frame metadata: value of " + key + " overruns the metadata");
      }
      metadata.put(key, utf8(in, at, valueLength));
      at += valueLength;
    }
    return metadata;
  }

  private static int int32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static int uint16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static String utf8(byte[] bytes, int offset, int length) {
    return length == 0 ? "" : new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  private static int metadataLength(Map<String, String> metadata) {
    int length = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      int key = utf8Length(e.getKey());
      check("metadata key", key, 0xff);
      int value = utf8Length(e.getValue());
      check("metadata value", value, 0xffff);
      length += 1 + key + 2 + value;
    }
    return length;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static void check(String what, int length, int max) {
    if (length > max) {
      throw new IllegalArgumentException(
          what + ": " + length + " bytes (expected: at most " + max + ")");
    }
  }
}
