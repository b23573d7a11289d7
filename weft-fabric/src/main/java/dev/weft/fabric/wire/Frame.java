package dev.weft.fabric.wire;

import dev.weft.fabric.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One frame of the fabric wire (see docs/fabric.md for the byte layout).
 *
 * @param type what the frame is
 * @param flags {@link Flags} bits
 * @param ttl hops left (0-255); a node refuses to forward a frame whose TTL is 0
 * @param id chosen by the sender of a client frame: ACK, ERROR and replies carry it back
 * @param origin the hash of the node where the frame entered the fabric (0 from a client)
 * @param connection the id of the connection at the origin node the frame came in on (0 from a
 *     client)
 * @param name the name the frame is about (or a node id in LINK_HELLO); may be empty
 * @param source the publisher's own instance name, where replies go; may be empty
 * @param metadata small string pairs, such as the W3C {@code traceparent}
 * @param payload the body; not copied
 */
public record Frame(
    FrameType type,
    int flags,
    int ttl,
    long id,
    int origin,
    int connection,
    String name,
    String source,
    Map<String, String> metadata,
    byte[] payload) {

  /** The TTL a client gives its messages by default. */
  public static final int DEFAULT_TTL = 16;

  private static final byte[] EMPTY = new byte[0];

  /** Checks the fields' ranges. */
  public Frame {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(payload, "payload");
    metadata = Map.copyOf(metadata);
    if ((flags & ~Flags.KNOWN) != 0) {
      throw new IllegalArgumentException(
          "flags: " + flags + " (expected: bits of " + Flags.KNOWN + ")");
    }
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: 0-255)");
    }
  }

  /** A frame of {@code type} about {@code name}, with no body. */
  public static Frame control(FrameType type, long id, String name) {
    return new Frame(type, 0, 0, id, 0, 0, name, "", Map.of(), EMPTY);
  }

  /** A PUBLISH from a client. */
  public static Frame publish(
      long id,
      int flags,
      String name,
      String source,
      Map<String, String> metadata,
      byte[] payload) {
    return new Frame(
        FrameType.PUBLISH, flags, DEFAULT_TTL, id, 0, 0, name, source, metadata, payload);
  }

  /** An ERROR about the frame {@code about}, carrying its id, origin and connection back. */
  public static Frame error(Frame about, ErrorCode code, String message) {
    return error(about.id(), about.origin(), about.connection(), about.name(), code, message);
  }

  /** An ERROR with a code and a message. */
  public static Frame error(
      long id, int origin, int connection, String name, ErrorCode code, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[2 + Math.min(text.length, 4096)];
    body[0] = (byte) (code.wire() >>> 8);
    body[1] = (byte) code.wire();
    System.arraycopy(text, 0, body, 2, body.length - 2);
    return new Frame(FrameType.ERROR, 0, 0, id, origin, connection, name, "", Map.of(), body);
  }

  /** This frame with other routing fields, for forwarding. */
  public Frame routed(int newTtl, int newOrigin, int newConnection) {
    return new Frame(
        type, flags, newTtl, id, newOrigin, newConnection, name, source, metadata, payload);
  }

  /** Whether a flag bit is set. */
  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * The code of an ERROR frame.
   *
   * @throws IllegalStateException if this is not an ERROR frame with a known code
   */
  public ErrorCode errorCode() {
    if (type != FrameType.ERROR || payload.length < 2) {
      throw new IllegalStateException("frame: " + type + " (expected: ERROR)");
    }
    return ErrorCode.ofWire(((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
  }

  /** The message of an ERROR frame. */
  public String errorMessage() {
    return payload.length < 2
        ? ""
        : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Frame["
        + type
        + " id="
        + id
        + " name="
        + name
        + " flags="
        + flags
        + " ttl="
        + ttl
        + " payload="
        + payload.length
        + "B]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && type == f.type
        && flags == f.flags
        && ttl == f.ttl
        && id == f.id
        && origin == f.origin
        && connection == f.connection
        && name.equals(f.name)
        && source.equals(f.source)
        && metadata.equals(f.metadata)
        && java.util.Arrays.equals(payload, f.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, id, name) * 31 + java.util.Arrays.hashCode(payload);
  }
}
