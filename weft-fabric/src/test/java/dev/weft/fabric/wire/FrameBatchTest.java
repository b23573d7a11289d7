package dev.weft.fabric.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameBatchTest {

  @Test
  void aBurstIsOneWriteAndDecodesFrameByFrame() {
    EmbeddedChannel out = new EmbeddedChannel();
    FrameBatch batch = new FrameBatch(out);
    List<Frame> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // names and sources change between frames, so the cached bytes must follow them
      String name = "a.test/chat/room" + (i % 3);
      String source = i % 2 == 0 ? "a.test/chat/client/1" : "a.test/chat/client/é";
      Map<String, String> metadata = i % 5 == 0 ? Map.of("traceparent", "00-" + i) : Map.of();
      Frame frame =
          new Frame(
              FrameType.PUBLISH,
              Flags.REQUEST,
              16,
              i,
              0,
              0,
              name,
              source,
              metadata,
              ("message " + i).getBytes(StandardCharsets.UTF_8));
      batch.add(frame);
      sent.add(frame);
    }
    assertThat(batch.write()).isTrue();
    assertThat(batch.write()).isFalse();
    out.flush();
    ByteBuf written = out.readOutbound();
    Object second = out.readOutbound();
    assertThat(second).isNull();

    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1 << 20));
    // in two pieces, split inside a frame
    in.writeInbound(written.readRetainedSlice(100), written);
    List<Frame> received = new ArrayList<>();
    for (Object o = in.readInbound(); o != null; o = in.readInbound()) {
      received.add((Frame) o);
    }
    assertThat(received).isEqualTo(sent);
  }

  @Test
  void aFullBatchIsWrittenAndAFrameLargerThanABatchFits() {
    EmbeddedChannel out = new EmbeddedChannel();
    FrameBatch batch = new FrameBatch(out);
    Frame big = Frame.publish(1, 0, "a.test/x/y", "", Map.of(), new byte[FrameBatch.BYTES * 2]);
    batch.add(big);
    out.flush();
    ByteBuf written = out.readOutbound();
    assertThat(written.readableBytes()).isEqualTo(FrameCodec.encodedSize(big));
    written.release();
    assertThat(batch.write()).isFalse();
  }

  @Test
  void aFrameThatDoesNotFitIsRefusedAndTheBatchKeepsWhatItHad() {
    EmbeddedChannel out = new EmbeddedChannel();
    FrameBatch batch = new FrameBatch(out);
    Frame small = Frame.publish(1, 0, "a.test/x/y", "", Map.of(), new byte[3]);
    batch.add(small);
    Frame tooLong =
        Frame.publish(2, 0, "a.test/x/y", "", Map.of("k", "v".repeat(70_000)), new byte[0]);
    assertThatThrownBy(() -> batch.add(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value: 70000 bytes (expected: at most 65535)");
    batch.write();
    out.flush();
    ByteBuf written = out.readOutbound();
    ByteBuf expected = Unpooled.buffer();
    FrameCodec.encode(small, expected);
    assertThat(written).isEqualTo(expected);
    written.release();
  }

  @Test
  void discardReleasesTheBuffer() {
    EmbeddedChannel out = new EmbeddedChannel();
    FrameBatch batch = new FrameBatch(out);
    batch.add(Frame.publish(1, 0, "a.test/x/y", "", Map.of(), new byte[3]));
    batch.discard();
    assertThat(batch.write()).isFalse();
    out.flush();
    Object none = out.readOutbound();
    assertThat(none).isNull();
  }
}
