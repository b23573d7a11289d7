package dev.weft.agent.client;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 with keep-alive over a pool of TLS connections to one target: one request in flight per
 * connection, as many connections as concurrent callers, each reused for later calls. Leaner per
 * call than the JDK's {@code HttpClient} (no per-request filter chain or futures), which matters
 * for small request/reply calls: see docs/benchmarks.md.
 *
 * <p>A pooled connection the server has since closed shows it in one of two ways. Either writing
 * the request fails: then the server cannot have read it, and it is sent once more on a new
 * connection. Or the request was written and the connection closed without a byte of answer: then
 * the server may have started on it, so it is sent again only when the caller says it is safe to
 * repeat ({@code resendable}: an idempotent method or capability). Thread-safe.
 */
final class Http1Pool implements AutoCloseable {

  /** The largest answer accepted (the same bound the JSON-RPC server applies to requests). */
  static final int MAX_BODY = 16 * 1024 * 1024;

  private final URI address;
  private final SSLContext context;
  private final javax.net.ssl.SSLParameters parameters;
  private final Deque<Conn> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /** An answer: its status and body. */
  record Response(int status, byte[] body) {}

  Http1Pool(URI address, SSLContext context, javax.net.ssl.SSLParameters parameters) {
    this.address = address;
    this.context = context;
    this.parameters = parameters;
  }

  /**
   * Sends one request and reads its answer within {@code timeout}.
   *
   * @param headers extra header lines, each {@code "Name: value"}
   * @param resendable whether the request may be sent a second time after a pooled connection
   *     closed without answering it (asked only then; true for an idempotent method or capability)
   * @throws SocketTimeoutException when the answer does not come in time
   * @throws IOException when the target cannot be reached or answers malformed HTTP
   */
  Response exchange(
      String method,
      String path,
      String[] headers,
      byte[] body,
      Duration timeout,
      BooleanSupplier resendable)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Conn conn = idle.pollFirst();
    if (conn != null) {
      try {
        return exchange(conn, method, path, headers, body, deadline, true);
      } catch (StaleConnection stale) {
        conn.close(); // the server closed it while idle
        if (stale.sent && !resendable.getAsBoolean()) {
          throw new EOFException(
              "the server closed the connection without answering; the"
                  + " request is not sent again (it is not idempotent)");
        }
      }
    }
    conn = open(deadline);
    try {
      return exchange(conn, method, path, headers, body, deadline, false);
    } catch (StaleConnection stale) {
      throw new EOFException("the server closed the connection without answering");
    }
  }

  private Response exchange(
      Conn conn,
      String method,
      String path,
      String[] headers,
      byte[] body,
      long deadline,
      boolean reused)
      throws IOException {
    boolean reusable = false;
    try {
      conn.socket.setSoTimeout(remainingMillis(deadline));
      StringBuilder head =
          new StringBuilder(256)
              .append(method)
              .append(' ')
              .append(path)
              .append(" HTTP/1.1\r\n")
              .append("Host: ")
              .append(address.getHost())
              .append(':')
              .append(port())
              .append("\r\n");
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      OutputStream out = conn.out;
      try {
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (java.net.SocketException e) {
        if (reused) {
          throw new StaleConnection(false); // closed by the server while idle: not sent
        }
        throw e;
      }
      Response response = read(conn);
      reusable = response != null && conn.keepAlive;
      if (response == null) {
        throw new StaleConnection(true);
      }
      return response;
    } finally {
      if (reusable && !closed) {
        idle.offerFirst(conn);
      } else {
        conn.close();
      }
    }
  }

  /** Reads one response; null when the connection was closed before its first byte. */
  private static Response read(Conn conn) throws IOException {
    String status = line(conn.in, true);
    if (status == null) {
      return null;
    }
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new IOException("malformed HTTP status line from the server");
    }
    int code;
    try {
      code = Integer.parseInt(status.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("malformed HTTP status line from the server", e);
    }
    long length = -1;
    boolean chunked = false;
    conn.keepAlive = !status.startsWith("HTTP/1.0");
    for (String h = line(conn.in, false); !h.isEmpty(); h = line(conn.in, false)) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed HTTP header from the server");
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        try {
          length = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new IOException("malformed Content-Length from the server", e);
        }
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        conn.keepAlive = !value.equalsIgnoreCase("close");
      }
    }
    byte[] body;
    if (chunked) {
      body = chunked(conn.in);
    } else if (length >= 0) {
      if (length > MAX_BODY) {
        throw new IOException(
            "answer of " + length + " bytes (expected: at most " + MAX_BODY + ")");
      }
      body = conn.in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("the server closed the connection mid-answer");
      }
    } else {
      conn.keepAlive = false;
      body = conn.in.readNBytes(MAX_BODY);
    }
    return new Response(code, body);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (true) {
      String size = line(in, false);
      int semicolon = size.indexOf(';');
      int n;
      try {
        n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size from the server", e);
      }
      if (n == 0) {
        for (String trailer = line(in, false); !trailer.isEmpty(); trailer = line(in, false)) {
          // trailers are not used
        }
        return out.toByteArray();
      }
      if (n < 0 || out.size() + n > MAX_BODY) {
        throw new IOException("answer larger than " + MAX_BODY + " bytes");
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new EOFException("the server closed the connection mid-answer");
      }
      out.write(chunk);
      line(in, false);
    }
  }

  /** One CRLF-terminated line; null at end of stream only when {@code eofAllowed}. */
  private static String line(InputStream in, boolean eofAllowed) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        if (eofAllowed && line.isEmpty()) {
          return null;
        }
        throw new EOFException("the server closed the connection mid-answer");
      }
      if (line.length() > 16 * 1024) {
        throw new IOException("HTTP line from the server longer than 16 KiB");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private Conn open(long deadline) throws IOException {
    if (closed) {
      throw new IOException("client closed");
    }
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(address.getHost(), port()), remainingMillis(deadline));
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(remainingMillis(deadline));
      socket.startHandshake();
      return new Conn(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private int port() {
    return address.getPort() < 0 ? 443 : address.getPort();
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  @Override
  public void close() {
    closed = true;
    for (Conn c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      c.close();
    }
  }

  /**
   * A pooled connection turned out to be closed by the server; {@code sent} when the request was
   * written before that showed.
   */
  private static final class StaleConnection extends IOException {
    private static final long serialVersionUID = 1L;

    final boolean sent;

    StaleConnection(boolean sent) {
      super("stale pooled connection", null);
      this.sent = sent;
    }
  }

  /** One TLS connection. Used by one request at a time. */
  private static final class Conn {
    final SSLSocket socket;
    final InputStream in;
    final OutputStream out;
    boolean keepAlive = true;

    Conn(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 8192);
      this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
