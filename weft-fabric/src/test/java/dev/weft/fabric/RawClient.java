package dev.weft.fabric;

import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameCodec;
import dev.weft.fabric.wire.MalformedFrameException;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSocket;

/**
 * A blocking TLS client that writes raw bytes and reads frames: to send what FabricClient won't.
 */
public final class RawClient implements AutoCloseable {

  private final SSLSocket socket;
  private final OutputStream out;
  private final DataInputStream in;

  public RawClient(IdentitySource source, InetSocketAddress node) throws IOException {
    socket =
        (SSLSocket)
            SpiffeTls.clientContext(source, PeerAuthorizer.any())
                .getSocketFactory()
                .createSocket(node.getHostString(), node.getPort());
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
  }

  public void send(Frame frame) throws IOException {
    ByteBuf buf = Unpooled.buffer();
    FrameCodec.encode(frame, buf);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    write(bytes);
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next frame, or null at end of stream. */
  public Frame read() throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    byte[] body = new byte[length];
    in.readFully(body);
    try {
      return FrameCodec.decodeBody(Unpooled.wrappedBuffer(body), length);
    } catch (MalformedFrameException e) {
      throw new IOException(e);
    }
  }

  /** Whether the server closed the connection (reads until end of stream or an error). */
  public boolean closedByPeer() {
    try {
      while (read() != null) {
        // drain
      }
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && !e.getMessage().contains("timed out");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
