package dev.weft.fabric.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames back to back into one pooled buffer, so that a burst of frames crosses the
 * pipeline and TLS as one write of up to {@value #BYTES} bytes (one full TLS record) instead of one
 * write and one buffer per frame.
 *
 * <p>Not thread-safe: it belongs to one channel and is used on that channel's event loop only.
 * Whatever it holds is written by {@link #write()} (the owner flushes) or released by {@link
 * #discard()}.
 */
public final class FrameBatch {

  /** A batch is handed to the channel once it holds this many bytes: one TLS record. */
  public static final int BYTES = 16 * 1024;

  /**
   * Whether Netty may use {@code sun.misc.Unsafe}: then a direct buffer is cheap to fill and TLS
   * reads it without a copy. Without it (Netty's default on Java 25+) every write to a direct
   * buffer goes through a {@code ByteBuffer}, so frames are encoded into a heap buffer and TLS
   * copies the batch once.
   */
  private static final boolean DIRECT = PlatformDependent.hasUnsafe();

  private final Channel channel;
  private ByteBuf buffer;

  /** The last name and source encoded, and their bytes: a stream to one name encodes it once. */
  private String name = "";

  private byte[] nameBytes = new byte[0];
  private String source = "";
  private byte[] sourceBytes = new byte[0];

  /** An empty batch for {@code channel}. */
  public FrameBatch(Channel channel) {
    this.channel = channel;
  }

  /**
   * Appends {@code frame}; a batch that reaches {@value #BYTES} bytes is written to the channel
   * (not flushed).
   *
   * @throws IllegalArgumentException if a field of the frame does not fit its length field (nothing
   *     is appended)
   */
  public void add(Frame frame) {
    if (buffer == null) {
      int size = Math.max(BYTES, FrameCodec.encodedSize(frame));
      buffer = DIRECT ? channel.alloc().ioBuffer(size) : channel.alloc().heapBuffer(size);
    }
    if (!frame.name().equals(name)) {
      nameBytes = frame.name().getBytes(StandardCharsets.UTF_8);
      name = frame.name();
    }
    if (!frame.source().equals(source)) {
      sourceBytes = frame.source().getBytes(StandardCharsets.UTF_8);
      source = frame.source();
    }
    FrameCodec.encode(frame, nameBytes, sourceBytes, buffer);
    if (buffer.readableBytes() >= BYTES) {
      write();
    }
  }

  /** Writes what the batch holds to the channel, without flushing; false if it held nothing. */
  public boolean write() {
    ByteBuf out = buffer;
    if (out == null) {
      return false;
    }
    buffer = null;
    if (!out.isReadable()) {
      out.release();
      return false;
    }
    channel.write(out, channel.voidPromise());
    return true;
  }

  /** Releases what the batch holds without writing it (the channel is closing). */
  public void discard() {
    ByteBuf out = buffer;
    buffer = null;
    if (out != null) {
      out.release();
    }
  }
}
