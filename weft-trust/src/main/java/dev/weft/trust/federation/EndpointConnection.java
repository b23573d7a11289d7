package dev.weft.trust.federation;

import dev.weft.trust.internal.net.RefusalLog;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the bundle endpoint, served on its own virtual thread: the TLS handshake within
 * {@code handshake_timeout}, then one request read and answered within {@code request_timeout},
 * then the connection is closed. A deadline that passes closes the TCP socket from the watchdog
 * thread, which ends whatever read or write is blocked. Nothing of a request is kept but its head
 * (at most {@code max_header_bytes}); an announced body is read and dropped, and one over {@code
 * max_request_bytes} or of unannounced length is answered 413 without reading it.
 */
final class EndpointConnection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(EndpointConnection.class);
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final Socket socket;
  private final SocketAddress peer;
  private final SSLContext tls;
  private final BundleEndpointServer.Limits limits;
  private final BundleEndpointServer.BundleDocument document;
  private final RefusalLog refusals;
  private final ScheduledExecutorService watchdog;
  private final Runnable onClose;
  private volatile boolean timedOut;

  EndpointConnection(
      Socket socket,
      SSLContext tls,
      BundleEndpointServer.Limits limits,
      BundleEndpointServer.BundleDocument document,
      RefusalLog refusals,
      ScheduledExecutorService watchdog,
      Runnable onClose) {
    this.socket = socket;
    this.peer = socket.getRemoteSocketAddress();
    this.tls = tls;
    this.limits = limits;
    this.document = document;
    this.refusals = refusals;
    this.watchdog = watchdog;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    try {
      Deadline handshake =
          new Deadline(
              limits.handshakeTimeout(),
              "TLS handshake not finished within "
                  + seconds(limits.handshakeTimeout())
                  + " (limit handshake_timeout)");
      SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, true);
      SSLParameters parameters = tls.getDefaultSSLParameters();
      parameters.setNeedClientAuth(false);
      parameters.setProtocols(PROTOCOLS);
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      if (!handshake.disarm()) {
        return;
      }
      Deadline request =
          new Deadline(
              limits.requestTimeout(),
              "request not received and answered within "
                  + seconds(limits.requestTimeout())
                  + " (limit request_timeout)");
      InputStream in = new BufferedInputStream(ssl.getInputStream(), 4096);
      OutputStream out = new BufferedOutputStream(ssl.getOutputStream(), 8192);
      if (!exchange(in, out)) {
        lingeringClose(ssl, in);
      }
      ssl.close();
      request.disarm();
    } catch (IOException | RuntimeException e) {
      if (!timedOut) {
        log.debug("bundle endpoint: connection from {} ended: {}", peer, e.toString());
      }
    } finally {
      closeQuietly(socket);
      onClose.run();
    }
  }

  /** Reads one request and answers it; false if the request was refused with input left unread. */
  private boolean exchange(InputStream in, OutputStream out) throws IOException {
    RequestHead head;
    try {
      head = RequestHead.read(in, limits.maxHeaderBytes());
      checkBody(head);
    } catch (HttpError e) {
      if (e.limit()) {
        refusals.refused(peer, e.getMessage());
      } else {
        log.debug("bundle endpoint: request from {} refused: {}", peer, e.getMessage());
      }
      respond(out, e.status(), "text/plain; charset=utf-8", null, e.getMessage() + "\n", true);
      return false;
    }
    discard(in, head.contentLength().orElse(0));
    boolean isHead = head.method().equals("HEAD");
    if (!isHead && !head.method().equals("GET")) {
      respond(
          out,
          405,
          "text/plain; charset=utf-8",
          "GET, HEAD",
          "only GET and HEAD are served\n",
          true);
      return true;
    }
    if (!head.path().equals("/")) {
      respond(out, 404, "text/plain; charset=utf-8", null, "the bundle is served at /\n", !isHead);
      return true;
    }
    Optional<String> bundle;
    try {
      bundle = document.current();
    } catch (IOException | RuntimeException e) {
      log.warn("bundle endpoint: cannot read the bundle to serve: {}", e.getMessage());
      respond(out, 500, "text/plain; charset=utf-8", null, "the bundle cannot be read\n", !isHead);
      return true;
    }
    if (bundle.isEmpty()) {
      respond(out, 503, "text/plain; charset=utf-8", null, "no bundle to serve yet\n", !isHead);
      return true;
    }
    respond(out, 200, "application/json", null, bundle.get(), !isHead);
    return true;
  }

  private void checkBody(RequestHead head) throws HttpError {
    if (head.transferEncoded()) {
      throw HttpError.overLimit(
          413,
          "request body of unannounced length (Transfer-Encoding); at most "
              + limits.maxRequestBytes()
              + " bytes with a Content-Length (limit max_request_bytes)");
    }
    if (head.contentLength().orElse(0) > limits.maxRequestBytes()) {
      throw HttpError.overLimit(
          413,
          "request body of "
              + head.contentLength().getAsLong()
              + " bytes is larger than "
              + limits.maxRequestBytes()
              + " bytes (limit max_request_bytes)");
    }
  }

  /**
   * After an early answer the caller may still be sending: half-close, then read and drop up to 64
   * KiB (within the request deadline) so that closing does not reset the connection before the
   * caller has read the answer.
   */
  private static void lingeringClose(SSLSocket ssl, InputStream in) {
    try {
      ssl.shutdownOutput();
      byte[] sink = new byte[4096];
      int left = 64 << 10;
      int n;
      while (left > 0 && (n = in.read(sink, 0, Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the caller went away: nothing left to protect
    }
  }

  /** Reads and drops an announced body, so that closing after the answer does not reset it. */
  private static void discard(InputStream in, long length) throws IOException {
    if (length > 0) {
      in.skipNBytes(length);
    }
  }

  private static void respond(
      OutputStream out, int status, String type, String allow, String body, boolean withBody)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder(256)
            .append("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason(status))
            .append("\r\n")
            .append("Date: ")
            .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
            .append("\r\n")
            .append("Content-Type: ")
            .append(type)
            .append("\r\n")
            .append("Content-Length: ")
            .append(bytes.length)
            .append("\r\n")
            .append("Cache-Control: no-store\r\n")
            .append("Connection: close\r\n");
    if (allow != null) {
      head.append("Allow: ").append(allow).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (withBody) {
      out.write(bytes);
    }
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Error";
    };
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed already
    }
  }

  /**
   * A deadline on the current phase: when it passes first, the refusal is counted and the TCP
   * socket closed; when the phase ends first, {@link #disarm} says so.
   */
  private final class Deadline {
    private final AtomicBoolean settled = new AtomicBoolean();
    private final ScheduledFuture<?> timer;

    Deadline(Duration after, String why) {
      timer =
          watchdog.schedule(
              () -> {
                if (settled.compareAndSet(false, true)) {
                  timedOut = true;
                  refusals.refused(peer, why);
                  closeQuietly(socket);
                }
              },
              after.toNanos(),
              TimeUnit.NANOSECONDS);
    }

    /** Stops the timer; false if the deadline had passed (and the socket is closed). */
    boolean disarm() {
      timer.cancel(false);
      return settled.compareAndSet(false, true);
    }
  }
}
