package dev.weft.agent.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link AgentServer} accepts from its callers before it refuses or hangs up. Every limit
 * holds per listener; the defaults ({@link #defaults()}) are meant to be safe on the open internet.
 *
 * @param maxBodyBytes the largest request body, in bytes; a larger one is answered HTTP 413 before
 *     it is read (with {@code Content-Length}) or as soon as it passes the limit (chunked), and the
 *     connection is closed. Default 4 MiB
 * @param maxHeaderBytes the most the request line and headers of one request may take, in bytes;
 *     more is answered HTTP 431 (HTTP/2: the stream is refused). Default 16 KiB
 * @param maxJsonDepth how deeply a JSON-RPC body may nest arrays and objects; deeper is a JSON-RPC
 *     parse error. Default 64
 * @param maxJsonStringBytes the longest string (or field name) in a JSON-RPC body, in bytes (UTF-8
 *     characters count as they are decoded); longer is a JSON-RPC parse error. Default 1 MiB
 * @param maxConnections how many connections may be open at once, counted from the moment they are
 *     accepted (handshakes included); past it a new connection is closed at once and counted
 *     ({@code weft_agent_connections_rejected_total}). Default 1024
 * @param maxConcurrentCalls how many capability invocations may run at once; past it a call is
 *     answered {@code RESOURCE_EXHAUSTED} without running ({@code
 *     weft_agent_requests_refused_total{reason="concurrency_limit"}}). Default 256
 * @param handshakeTimeout how long a new connection may take, from accept, to finish its TLS
 *     handshake and send the first bytes of its first request; then it is closed (half-open
 *     handshakes, connections opened and left unused). Default 10 s
 * @param requestReadTimeout how long the headers of an HTTP/1.1 request may take to arrive after
 *     its request line, and the body of a JSON-RPC request after its headers; then the connection
 *     is closed (slow clients). Default 10 s
 * @param idleTimeout how long a connection may stay open without a request; then it is closed.
 *     Checked every {@code idleTimeout / 4} (at most every 30 s). Default 60 s
 */
public record ServerLimits(
    long maxBodyBytes,
    int maxHeaderBytes,
    int maxJsonDepth,
    int maxJsonStringBytes,
    int maxConnections,
    int maxConcurrentCalls,
    Duration handshakeTimeout,
    Duration requestReadTimeout,
    Duration idleTimeout) {

  private static final ServerLimits DEFAULTS =
      new ServerLimits(
          4L << 20,
          16 << 10,
          64,
          1 << 20,
          1024,
          256,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException naming the first bad one, e.g. {@code maxConnections: 0
   *     (expected: >= 1)}
   */
  public ServerLimits {
    atLeast("maxBodyBytes", maxBodyBytes, 1);
    atLeast("maxHeaderBytes", maxHeaderBytes, 1024);
    atLeast("maxJsonDepth", maxJsonDepth, 1);
    atLeast("maxJsonStringBytes", maxJsonStringBytes, 1);
    atLeast("maxConnections", maxConnections, 1);
    atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
    positive("handshakeTimeout", handshakeTimeout);
    positive("requestReadTimeout", requestReadTimeout);
    positive("idleTimeout", idleTimeout);
  }

  /** The defaults listed on the record's components. */
  public static ServerLimits defaults() {
    return DEFAULTS;
  }

  /** These limits with {@code maxBodyBytes} replaced. */
  public ServerLimits withMaxBodyBytes(long value) {
    return new ServerLimits(
        value,
        maxHeaderBytes,
        maxJsonDepth,
        maxJsonStringBytes,
        maxConnections,
        maxConcurrentCalls,
        handshakeTimeout,
        requestReadTimeout,
        idleTimeout);
  }

  /** These limits with {@code maxConnections} replaced. */
  public ServerLimits withMaxConnections(int value) {
    return new ServerLimits(
        maxBodyBytes,
        maxHeaderBytes,
        maxJsonDepth,
        maxJsonStringBytes,
        value,
        maxConcurrentCalls,
        handshakeTimeout,
        requestReadTimeout,
        idleTimeout);
  }

  /** These limits with {@code maxConcurrentCalls} replaced. */
  public ServerLimits withMaxConcurrentCalls(int value) {
    return new ServerLimits(
        maxBodyBytes,
        maxHeaderBytes,
        maxJsonDepth,
        maxJsonStringBytes,
        maxConnections,
        value,
        handshakeTimeout,
        requestReadTimeout,
        idleTimeout);
  }

  /** These limits with the three timeouts replaced. */
  public ServerLimits withTimeouts(Duration handshake, Duration requestRead, Duration idle) {
    return new ServerLimits(
        maxBodyBytes,
        maxHeaderBytes,
        maxJsonDepth,
        maxJsonStringBytes,
        maxConnections,
        maxConcurrentCalls,
        handshake,
        requestRead,
        idle);
  }

  /** These limits with the JSON limits replaced. */
  public ServerLimits withJson(int depth, int stringBytes) {
    return new ServerLimits(
        maxBodyBytes,
        maxHeaderBytes,
        depth,
        stringBytes,
        maxConnections,
        maxConcurrentCalls,
        handshakeTimeout,
        requestReadTimeout,
        idleTimeout);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
