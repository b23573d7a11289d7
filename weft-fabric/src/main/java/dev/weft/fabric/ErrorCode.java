package dev.weft.fabric;

/**
 * Why the fabric refused or could not deliver something. Each code has a fixed number on the wire
 * (an {@code ERROR} frame's first two payload bytes).
 */
public enum ErrorCode {
  /** The policy denied a subscribe or publish; the message names the rule. */
  DENIED(1),
  /** No live subscriber and no live route for the name. */
  UNDELIVERABLE(2),
  /** The frame is longer than the node's {@code limits.max_message_bytes}. */
  TOO_LARGE(3),
  /** The frame could not be read (bad length, unknown type, bad field); the connection closes. */
  MALFORMED(4),
  /** The message's TTL ran out before it reached a subscriber (a loop, or too many hops). */
  TTL_EXPIRED(5),
  /** The name is not {@code org/namespace/service} or {@code org/namespace/service/id}. */
  BAD_NAME(6),
  /** The peer sent something that is not allowed in its state (e.g. a publish before HELLO). */
  PROTOCOL(7),
  /** The connection's outbound queue is full and the node's slow-consumer policy acted. */
  SLOW_CONSUMER(8),
  /** A node limit was reached (connections, subscriptions). */
  LIMIT(9),
  /** The node is shutting down, or failed internally. */
  UNAVAILABLE(10);

  private final int wire;

  ErrorCode(int wire) {
    this.wire = wire;
  }

  /** The number on the wire. */
  public int wire() {
    return wire;
  }

  /**
   * The code with this wire number.
   *
   * @throws IllegalArgumentException for an unknown number
   */
  public static ErrorCode ofWire(int wire) {
    for (ErrorCode code : values()) {
      if (code.wire == wire) {
        return code;
      }
    }
    throw new IllegalArgumentException("error code: " + wire + " (expected: 1-10)");
  }
}
