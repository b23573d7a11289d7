package dev.weft.bench.fabric;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A bare NATS client connection over mutual TLS speaking the text protocol directly: the server's
 * INFO, the TLS upgrade, CONNECT and PING/PONG. The memory measurements use it because it costs the
 * load generator one socket and no threads, so a thousand of them stay cheap.
 */
final class NatsRaw implements AutoCloseable {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  private NatsRaw(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /** Connects, upgrades to TLS, sends CONNECT and waits for the PONG of a PING. */
  static NatsRaw connect(int port, SSLContext tls) throws IOException {
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
    try {
      String info = readLine(plain.getInputStream());
      if (!info.startsWith("INFO ")) {
        throw new IOException("nats: expected INFO, got \"" + info + "\"");
      }
      SSLSocket socket =
          (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
      socket.setUseClientMode(true);
      socket.startHandshake();
      NatsRaw raw = new NatsRaw(socket);
      raw.send(
          "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":true,"
              + "\"name\":\"bench-idle\",\"lang\":\"java\",\"version\":\"0\",\"protocol\":1}\r\n");
      raw.sync();
      return raw;
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  /** Subscribes to {@code count} distinct subjects {@code prefix.N}, then syncs with the server. */
  void subscribe(String prefix, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      out.write(
          ("SUB " + prefix + "." + i + " " + (i + 1) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    sync();
  }

  /** Sends PING and reads up to the PONG, answering the server's own PINGs on the way. */
  void sync() throws IOException {
    send("PING\r\n");
    while (true) {
      String line = readLine(in);
      if (line.equals("PONG")) {
        return;
      }
      if (line.equals("PING")) {
        send("PONG\r\n");
      } else if (line.startsWith("-ERR")) {
        throw new IOException("nats: " + line);
      }
    }
  }

  private void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("nats: connection closed after \"" + line + "\"");
      }
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() > 64 * 1024) {
        throw new IOException("nats: line longer than 64 KiB");
      }
      line.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
