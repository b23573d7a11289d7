package dev.weft.bench.agent;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The floor: a bare TLS echo over JSSE sockets with the agents' SPIFFE contexts ({@link SpiffeTls},
 * mutual TLS with the same SVIDs, TLS 1.3 negotiated). Each message is a 4-byte length and a body;
 * the server answers every request with a fixed answer of the agent's answer size, written as one
 * TLS record. A platform thread accepts; a virtual thread serves each connection.
 */
final class TlsEcho implements AutoCloseable {
  private final SSLServerSocket server;
  private final byte[] answerFrame;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private TlsEcho(SSLServerSocket server, byte[] answer) {
    this.server = server;
    this.answerFrame = frame(answer);
    this.acceptor = Thread.ofPlatform().name("tls-echo-accept").daemon().unstarted(this::accept);
  }

  /** An echo server on 127.0.0.1 presenting {@code identity}'s SVID, answering {@code answer}. */
  static TlsEcho start(IdentitySource identity, byte[] answer) throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket)
            SpiffeTls.serverContext(identity, PeerAuthorizer.any())
                .getServerSocketFactory()
                .createServerSocket(0, 128, InetAddress.getLoopbackAddress());
    socket.setSSLParameters(SpiffeTls.serverParameters());
    TlsEcho echo = new TlsEcho(socket, answer);
    echo.acceptor.start();
    return echo;
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * A connection to this server presenting {@code identity}'s SVID and accepting only {@code
   * expected}; handshaken, so that calls measure only the established connection.
   */
  Connection connect(IdentitySource identity, SpiffeId expected, byte[] request)
      throws IOException {
    SSLSocket socket =
        (SSLSocket)
            SpiffeTls.clientContext(identity, PeerAuthorizer.exactly(expected))
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port());
    socket.setTcpNoDelay(true);
    socket.setSSLParameters(SpiffeTls.clientParameters());
    socket.startHandshake();
    open.add(socket);
    return new Connection(socket, frame(request), answerFrame.length - 4);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        open.add(socket);
        Thread.ofVirtual().name("tls-echo-serve").start(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int length = in.readInt();
        if (length < 0 || length > buffer.length) {
          return;
        }
        in.readFully(buffer, 0, length);
        out.write(answerFrame);
        out.flush();
      }
    } catch (IOException e) {
      // the client closed the connection, or the server is closing
    }
  }

  private static byte[] frame(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
  }

  /** One established connection; used by one thread at a time. */
  static final class Connection {
    private final SSLSocket socket;
    private final byte[] requestFrame;
    private final int answerLength;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] buffer;

    private Connection(SSLSocket socket, byte[] requestFrame, int answerLength) throws IOException {
      this.socket = socket;
      this.requestFrame = requestFrame;
      this.answerLength = answerLength;
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
      this.buffer = new byte[answerLength];
    }

    /** The negotiated protocol, e.g. {@code TLSv1.3}, and cipher suite. */
    String session() {
      return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
    }

    /** Sends the request and reads the whole answer. */
    void call() throws IOException {
      out.write(requestFrame);
      out.flush();
      int length = in.readInt();
      if (length != answerLength) {
        throw new IOException("echo answer: " + length + " bytes (expected: " + answerLength + ")");
      }
      in.readFully(buffer, 0, length);
    }
  }
}
