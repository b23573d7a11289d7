package dev.weft.fabric.session;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One session frame: the header every session payload carries, then the payload. Big-endian:
 *
 * <pre>
 *  offset size field
 *   0     1   version      1
 *   1     1   kind         1 OPEN, 2 OPEN_ACK, 3 DATA, 4 ACK, 5 CLOSE, 6 CLOSE_ACK, 7 RESET
 *   2     1   flags        0x01 INITIATOR (sent by the side that opened), 0x02 REQUEST, 0x04 REPLY,
 *                          0x08 ERROR (a reply that is a refusal; payload: UTF-8 reason),
 *                          0x10 MLS (OPEN: the opener wants an MLS session; OPEN_ACK: the payload
 *                          is the acceptor's MLS KeyPackage), 0x20 WELCOME (DATA: the payload is
 *                          the opener's MLS Welcome: the first DATA of an MLS session, or a re-key),
 *                          0x40 KEY_PACKAGE (DATA: the acceptor's fresh MLS KeyPackage for a
 *                          re-key, or, empty, the opener asking for one)
 *   3     1   reserved     0
 *   4     8   session id   chosen by the opener, not 0
 *  12     8   seq          DATA, CLOSE: this frame's sequence number; ACK, CLOSE_ACK: the one acked
 *  20     8   ack          cumulative: the next sequence number the sender expects from the peer
 *  28     8   correlation  a request's id (REQUEST, REPLY), else 0
 *  36     ..  payload      DATA: the application's bytes (in an MLS session: an MLS PrivateMessage
 *                          whose authenticated data is this header's session id, seq, flags and
 *                          correlation); RESET: UTF-8 reason; OPEN_ACK with MLS: a KeyPackage;
 *                          others: empty
 * </pre>
 *
 * <p>{@link #decode} is strict: anything else is a {@link IllegalArgumentException} naming the
 * field, which the endpoint counts and drops.
 */
record SessionFrame(
    Kind kind, int flags, long sessionId, long seq, long ack, long correlation, byte[] payload) {

  static final int VERSION = 1;
  static final int HEADER_BYTES = 36;
  static final int INITIATOR = 0x01;
  static final int REQUEST = 0x02;
  static final int REPLY = 0x04;
  static final int ERROR = 0x08;
  static final int MLS = 0x10;
  static final int WELCOME = 0x20;
  static final int KEY_PACKAGE = 0x40;
  static final int KNOWN_FLAGS = INITIATOR | REQUEST | REPLY | ERROR | MLS | WELCOME | KEY_PACKAGE;

  /** The longest RESET reason and refusal text, in bytes. */
  static final int MAX_REASON_BYTES = 512;

  /** What a frame does. */
  enum Kind {
    OPEN(1),
    OPEN_ACK(2),
    DATA(3),
    ACK(4),
    CLOSE(5),
    CLOSE_ACK(6),
    RESET(7);

    final int wire;

    Kind(int wire) {
      this.wire = wire;
    }

    static Kind ofWire(int wire) {
      for (Kind k : values()) {
        if (k.wire == wire) {
          return k;
        }
      }
      throw new IllegalArgumentException("kind: " + wire + " (expected: 1 to 7)");
    }
  }

  SessionFrame {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
  }

  static SessionFrame control(Kind kind, int flags, long sessionId, long seq, long ack) {
    return new SessionFrame(kind, flags, sessionId, seq, ack, 0, new byte[0]);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    out.put((byte) VERSION)
        .put((byte) kind.wire)
        .put((byte) flags)
        .put((byte) 0)
        .putLong(sessionId)
        .putLong(seq)
        .putLong(ack)
        .putLong(correlation)
        .put(payload);
    return out.array();
  }

  /**
   * Reads a frame.
   *
   * @throws IllegalArgumentException in the form {@code field: value (expected: ...)}
   */
  static SessionFrame decode(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "length: " + bytes.length + " (expected: >= " + HEADER_BYTES + ")");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int version = in.get() & 0xff;
    if (version != VERSION) {
      throw new IllegalArgumentException("version: " + version + " (expected: " + VERSION + ")");
    }
    Kind kind = Kind.ofWire(in.get() & 0xff);
    int flags = in.get() & 0xff;
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw new IllegalArgumentException(
          "flags: 0x" + Integer.toHexString(flags) + " (expected: a subset of 0x7f)");
    }
    int reserved = in.get() & 0xff;
    if (reserved != 0) {
      throw new IllegalArgumentException("reserved: " + reserved + " (expected: 0)");
    }
    long sessionId = in.getLong();
    long seq = in.getLong();
    long ack = in.getLong();
    long correlation = in.getLong();
    if (sessionId == 0) {
      throw new IllegalArgumentException("session id: 0 (expected: not 0)");
    }
    if (seq < 0 || ack < 0) {
      throw new IllegalArgumentException("seq/ack: " + seq + "/" + ack + " (expected: >= 0)");
    }
    byte[] payload = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
    SessionFrame frame = new SessionFrame(kind, flags, sessionId, seq, ack, correlation, payload);
    frame.check();
    return frame;
  }

  private void check() {
    boolean request = has(REQUEST);
    boolean reply = has(REPLY);
    if ((request || reply || has(ERROR)) && kind != Kind.DATA) {
      throw new IllegalArgumentException(
          "flags: 0x" + Integer.toHexString(flags) + " on " + kind + " (expected: only on DATA)");
    }
    if (request && reply) {
      throw new IllegalArgumentException("flags: REQUEST and REPLY (expected: one of them)");
    }
    if (has(ERROR) && !reply) {
      throw new IllegalArgumentException("flags: ERROR without REPLY (expected: both)");
    }
    if ((request || reply) != (correlation != 0)) {
      throw new IllegalArgumentException(
          "correlation: " + correlation + " (expected: not 0 on a request or reply, else 0)");
    }
    if (kind == Kind.OPEN && !has(INITIATOR)) {
      throw new IllegalArgumentException("flags: OPEN without INITIATOR (expected: set)");
    }
    if (kind == Kind.OPEN_ACK && has(INITIATOR)) {
      throw new IllegalArgumentException("flags: OPEN_ACK with INITIATOR (expected: clear)");
    }
    if (has(MLS) && kind != Kind.OPEN && kind != Kind.OPEN_ACK) {
      throw new IllegalArgumentException(
          "flags: MLS on " + kind + " (expected: only on OPEN and OPEN_ACK)");
    }
    if (has(WELCOME) && (kind != Kind.DATA || request || reply || has(KEY_PACKAGE))) {
      throw new IllegalArgumentException(
          "flags: WELCOME on "
              + kind
              + " (expected: only on a DATA that is no request, reply or KEY_PACKAGE)");
    }
    if (has(KEY_PACKAGE) && (kind != Kind.DATA || request || reply)) {
      throw new IllegalArgumentException(
          "flags: KEY_PACKAGE on "
              + kind
              + " (expected: only on a DATA that is no request or reply)");
    }
    boolean mayCarry =
        kind == Kind.DATA || kind == Kind.RESET || (kind == Kind.OPEN_ACK && has(MLS));
    if (!mayCarry && payload.length > 0) {
      throw new IllegalArgumentException(
          "payload: " + payload.length + " bytes on " + kind + " (expected: none)");
    }
    // a refusal's reason is checked after decryption: in an MLS session it is ciphertext here
    if (kind == Kind.RESET && payload.length > MAX_REASON_BYTES) {
      throw new IllegalArgumentException(
          "reason: " + payload.length + " bytes (expected: at most " + MAX_REASON_BYTES + ")");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionFrame f
        && kind == f.kind
        && flags == f.flags
        && sessionId == f.sessionId
        && seq == f.seq
        && ack == f.ack
        && correlation == f.correlation
        && Arrays.equals(payload, f.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, flags, sessionId, seq, ack, correlation, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return kind
        + "[session="
        + Long.toHexString(sessionId)
        + " flags=0x"
        + Integer.toHexString(flags)
        + " seq="
        + seq
        + " ack="
        + ack
        + " correlation="
        + correlation
        + " payload="
        + payload.length
        + "B]";
  }
}
