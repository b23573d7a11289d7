package dev.weft.fabric.wire;

/** The kinds of frame, with their number on the wire (the header's type byte). */
public enum FrameType {
  /** Client to node, first frame: the client's own instance name in {@code name}. */
  HELLO(1),
  /** Subscribe the connection to {@code name}. Answered by {@link #ACK} or {@link #ERROR}. */
  SUBSCRIBE(2),
  /** Drop the connection's subscription to {@code name}. Answered by {@link #ACK}. */
  UNSUBSCRIBE(3),
  /** A message to {@code name}: anycast (3 components), unicast (4), or multicast (flag). */
  PUBLISH(4),
  /** A refusal or failure: payload is a 2-byte {@code ErrorCode} and a UTF-8 message. */
  ERROR(5),
  /** Liveness probe; answered by {@link #PONG} with the same id. */
  PING(6),
  /** Answer to {@link #PING}. */
  PONG(7),
  /** Node to node, first frame on a link: the dialing node's id in {@code name}'s place. */
  LINK_HELLO(8),
  /** Node to node: a local subscriber of {@code name} exists behind the sending node. */
  LINK_SUBSCRIBE(9),
  /** Node to node: the last local subscriber of {@code name} behind the sending node left. */
  LINK_UNSUBSCRIBE(10),
  /** The node accepted a {@link #HELLO}, {@link #SUBSCRIBE} or {@link #UNSUBSCRIBE} of this id. */
  ACK(11);

  private static final FrameType[] BY_WIRE = new FrameType[16];

  static {
    for (FrameType type : values()) {
      BY_WIRE[type.wire] = type;
    }
  }

  private final int wire;

  FrameType(int wire) {
    this.wire = wire;
  }

  /** The number on the wire. */
  public int wire() {
    return wire;
  }

  /** The type with this number, or null if there is none. */
  public static FrameType ofWire(int wire) {
    return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
  }
}
