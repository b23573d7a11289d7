package dev.weft.fabric.wire;

/** The bits of a frame's flags byte. */
public final class Flags {

  /** PUBLISH: deliver to every subscriber of the name, not one. */
  public static final int MULTICAST = 0x01;

  /** PUBLISH: a request; the receiver replies to the frame's {@code source} name. */
  public static final int REQUEST = 0x02;

  /** PUBLISH: a reply to a request of the same id. */
  public static final int REPLY = 0x04;

  /** Every bit that has a meaning; a frame with any other bit set is malformed. */
  public static final int KNOWN = MULTICAST | REQUEST | REPLY;

  private Flags() {}
}
