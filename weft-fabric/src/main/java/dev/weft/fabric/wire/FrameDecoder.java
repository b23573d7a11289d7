package dev.weft.fabric.wire;

import dev.weft.fabric.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound bytes into {@link Frame}s, strictly: a length below the fixed header or above
 * the limit, an unknown type or flag, or fields that overrun the length produce one {@link
 * DecodeFailure} and then the decoder discards everything after it (the connection is to be closed
 * by whoever handles the failure).
 */
public final class FrameDecoder extends ByteToMessageDecoder {

  /**
   * Why the decoder stopped.
   *
   * @param code {@link ErrorCode#TOO_LARGE} or {@link ErrorCode#MALFORMED}
   * @param message what was wrong, in the form {@code field: value (expected: ...)}
   */
  public record DecodeFailure(ErrorCode code, String message) {}

  private final int maxFrameBytes;
  private final StringCache strings = new StringCache();
  private boolean failed;

  /** A decoder that refuses frames longer than {@code maxFrameBytes} (the length field's value). */
  public FrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < FrameCodec.FIXED_AFTER_LENGTH) {
      throw new IllegalArgumentException(
          "maxFrameBytes: "
              + maxFrameBytes
              + " (expected: at least "
              + FrameCodec.FIXED_AFTER_LENGTH
              + ")");
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= 4) {
      int length = in.getInt(in.readerIndex());
      if (length < FrameCodec.FIXED_AFTER_LENGTH) {
        fail(
            in,
            out,
            ErrorCode.MALFORMED,
            "frame length: "
                + length
                + " (expected: at least "
                + FrameCodec.FIXED_AFTER_LENGTH
                + ")");
        return;
      }
      if (length > maxFrameBytes) {
        fail(
            in,
            out,
            ErrorCode.TOO_LARGE,
            "frame length: "
                + Integer.toUnsignedString(length)
                + " (expected: at most max_message_bytes "
                + maxFrameBytes
                + ")");
        return;
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      try {
        out.add(FrameCodec.decodeBody(in, length, strings));
      } catch (MalformedFrameException | RuntimeException e) {
        fail(in, out, ErrorCode.MALFORMED, e.getMessage());
        return;
      }
    }
  }

  private void fail(ByteBuf in, List<Object> out, ErrorCode code, String message) {
    failed = true;
    in.skipBytes(in.readableBytes());
    out.add(new DecodeFailure(code, message));
  }
}
