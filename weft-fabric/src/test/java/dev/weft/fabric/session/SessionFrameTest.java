package dev.weft.fabric.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.fabric.session.SessionFrame.Kind;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The session header: round trip and strict decoding. */
class SessionFrameTest {

  @Test
  void roundTrips() {
    SessionFrame data =
        new SessionFrame(
            Kind.DATA,
            SessionFrame.INITIATOR | SessionFrame.REQUEST,
            0x1234L,
            7,
            3,
            99,
            new byte[] {1, 2, 3});
    byte[] bytes = data.encode();
    assertThat(bytes).hasSize(SessionFrame.HEADER_BYTES + 3);
    assertThat(bytes[0]).isEqualTo((byte) SessionFrame.VERSION);
    assertThat(SessionFrame.decode(bytes)).isEqualTo(data);
  }

  @Test
  void refusesWhatIsNotAValidHeader() {
    byte[] ack = SessionFrame.control(Kind.ACK, 0, 5, 1, 2).encode();
    assertBad(new byte[10], "length: 10 (expected: >= 36)");
    assertBad(with(ack, 0, 2), "version: 2 (expected: 1)");
    assertBad(with(ack, 1, 9), "kind: 9 (expected: 1 to 7)");
    assertBad(with(ack, 2, 0x80), "flags: 0x80 (expected: a subset of 0x7f)");
    assertBad(with(ack, 2, 0x10), "flags: MLS on ACK (expected: only on OPEN and OPEN_ACK)");
    assertBad(
        new SessionFrame(
                Kind.DATA, SessionFrame.WELCOME | SessionFrame.REQUEST, 5, 0, 0, 1, new byte[1])
            .encode(),
        "flags: WELCOME on DATA (expected: only on a DATA that is no request, reply or KEY_PACKAGE)");
    assertBad(
        new SessionFrame(Kind.OPEN_ACK, 0, 5, 0, 0, 0, new byte[1]).encode(),
        "payload: 1 bytes on OPEN_ACK (expected: none)");
    assertBad(with(ack, 3, 1), "reserved: 1 (expected: 0)");
    assertBad(
        SessionFrame.control(Kind.ACK, 0, 0, 1, 2).encode(), "session id: 0 (expected: not 0)");
    byte[] negative = ack.clone();
    ByteBuffer.wrap(negative).putLong(12, -1);
    assertBad(negative, "seq/ack: -1/2 (expected: >= 0)");
    assertBad(
        new SessionFrame(Kind.ACK, SessionFrame.REQUEST, 5, 0, 0, 1, new byte[0]).encode(),
        "flags: 0x2 on ACK (expected: only on DATA)");
    assertBad(
        new SessionFrame(Kind.DATA, SessionFrame.REQUEST, 5, 0, 0, 0, new byte[0]).encode(),
        "correlation: 0 (expected: not 0 on a request or reply, else 0)");
    assertBad(
        new SessionFrame(Kind.DATA, SessionFrame.ERROR, 5, 0, 0, 0, new byte[0]).encode(),
        "flags: ERROR without REPLY (expected: both)");
    assertBad(
        new SessionFrame(Kind.ACK, 0, 5, 0, 0, 0, new byte[1]).encode(),
        "payload: 1 bytes on ACK (expected: none)");
    assertBad(
        SessionFrame.control(Kind.OPEN, 0, 5, 0, 0).encode(),
        "flags: OPEN without INITIATOR (expected: set)");
    assertBad(
        new SessionFrame(Kind.RESET, 0, 5, 0, 0, 0, new byte[513]).encode(),
        "reason: 513 bytes (expected: at most 512)");
  }

  private static byte[] with(byte[] frame, int offset, int value) {
    byte[] copy = frame.clone();
    copy[offset] = (byte) value;
    return copy;
  }

  private static void assertBad(byte[] bytes, String message) {
    assertThatThrownBy(() -> SessionFrame.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
