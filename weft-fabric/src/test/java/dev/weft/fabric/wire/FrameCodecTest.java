package dev.weft.fabric.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.fabric.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  @Test
  void aFrameSurvivesTheRoundTrip() {
    Frame frame =
        new Frame(
            FrameType.PUBLISH,
            Flags.MULTICAST | Flags.REQUEST,
            9,
            42L,
            7,
            3,
            "a.test/chat/room",
            "a.test/chat/client/1",
            Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            "hello".getBytes(StandardCharsets.UTF_8));
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20), FrameEncoder.INSTANCE);
    channel.writeOutbound(frame);
    ByteBuf encoded = channel.readOutbound();
    assertThat(encoded.readableBytes()).isEqualTo(FrameCodec.encodedSize(frame));
    channel.writeInbound(encoded);
    Frame decoded = channel.readInbound();
    assertThat(decoded).isEqualTo(frame);
    assertThat(decoded.has(Flags.MULTICAST)).isTrue();
  }

  @Test
  void splitFramesAreJoined() {
    Frame frame = Frame.publish(1, 0, "a.test/x/y", "", Map.of(), new byte[300]);
    ByteBuf bytes = Unpooled.buffer();
    FrameCodec.encode(frame, bytes);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    channel.writeInbound(bytes.readRetainedSlice(10));
    Object none = channel.readInbound();
    assertThat(none).isNull();
    channel.writeInbound(bytes);
    assertThat((Frame) channel.readInbound()).isEqualTo(frame);
  }

  @Test
  void anUnknownTypeIsMalformedAndStopsTheDecoder() {
    Frame frame = Frame.publish(1, 0, "a.test/x/y", "", Map.of(), new byte[3]);
    ByteBuf bytes = Unpooled.buffer();
    FrameCodec.encode(frame, bytes);
    bytes.setByte(4, 99);
    ByteBuf good = Unpooled.buffer();
    FrameCodec.encode(frame, good);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, good));
    FrameDecoder.DecodeFailure failure = channel.readInbound();
    assertThat(failure.code()).isEqualTo(ErrorCode.MALFORMED);
    assertThat(failure.message()).isEqualTo("frame type: 99 (expected: 1-11)");
    Object none = channel.readInbound();
    assertThat(none).isNull();
  }

  @Test
  void aLengthAboveTheLimitIsTooLarge() {
    ByteBuf bytes = Unpooled.buffer().writeInt(2_000_000).writeZero(40);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    channel.writeInbound(bytes);
    FrameDecoder.DecodeFailure failure = channel.readInbound();
    assertThat(failure.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(failure.message())
        .isEqualTo("frame length: 2000000 (expected: at most max_message_bytes 1048576)");
  }

  @Test
  void fieldsThatOverrunTheLengthAreMalformed() {
    Frame frame = Frame.publish(1, 0, "a.test/x/y", "", Map.of(), new byte[0]);
    ByteBuf bytes = Unpooled.buffer();
    FrameCodec.encode(frame, bytes);
    bytes.setShort(24, 500);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    channel.writeInbound(bytes);
    FrameDecoder.DecodeFailure failure = channel.readInbound();
    assertThat(failure.code()).isEqualTo(ErrorCode.MALFORMED);
    assertThat(failure.message()).startsWith("frame fields: 500 bytes");
  }

  @Test
  void aShortLengthIsMalformed() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
    channel.writeInbound(Unpooled.buffer().writeInt(3).writeZero(3));
    FrameDecoder.DecodeFailure failure = channel.readInbound();
    assertThat(failure.message()).isEqualTo("frame length: 3 (expected: at least 26)");
  }
}
