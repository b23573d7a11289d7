package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.Problem;
import dev.weft.config.Section;
import dev.weft.config.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one caller may cost a listener: the {@code server.limits} block of {@code server.yaml} (node
 * API, admin API, SPIFFE bundle endpoint) and the {@code agent.limits} block of {@code agent.yaml}
 * (Workload API; only the two size keys). Over a size limit a gRPC call fails with {@code
 * RESOURCE_EXHAUSTED}, and a bundle-endpoint request is answered 413 or 431, before the message is
 * buffered; the listener keeps serving.
 *
 * <p>Sizes are written in bytes or with {@code KiB}, {@code MiB} or {@code GiB} ({@code 4MiB}), the
 * same keys and grammar as an agent's {@code server.limits}.
 *
 * @param maxRequestBytes {@code max_request_bytes}: the largest request message (node and admin
 *     APIs, Workload API) or request body (bundle endpoint); default 4MiB (from 1KiB to 64MiB)
 * @param maxHeaderBytes {@code max_header_bytes}: the largest request metadata (headers; for the
 *     bundle endpoint the request line and headers); default 16KiB (from 1KiB to 1MiB)
 * @param maxConnections {@code max_connections}: concurrent TCP connections to the node API, and to
 *     the bundle endpoint, each; more are closed as they are accepted; default 1024 (from 1 to
 *     100000)
 * @param handshakeTimeout {@code handshake_timeout}: a node-API or bundle-endpoint connection whose
 *     TLS handshake has not finished by then is closed; default 10s
 * @param idleTimeout {@code idle_timeout}: a node-API connection without calls for this long is
 *     closed (gracefully); default 5m
 * @param maxConcurrentCalls {@code max_concurrent_calls}: unary calls in progress on the node API
 *     and on the admin API, each; more fail with {@code RESOURCE_EXHAUSTED}; default 256 (from 1 to
 *     100000). Streams hold no thread between messages and are bounded by the connections instead
 * @param requestTimeout {@code request_timeout}: a bundle-endpoint connection whose request has not
 *     been received and answered this long after its handshake is closed (slow senders and
 *     readers); default 10s
 */
public record ListenerLimits(
    int maxRequestBytes,
    int maxHeaderBytes,
    int maxConnections,
    Duration handshakeTimeout,
    Duration idleTimeout,
    int maxConcurrentCalls,
    Duration requestTimeout) {

  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 << 20;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 << 10;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 256;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final int MIN_BYTES = 1 << 10;
  private static final int MAX_REQUEST_BYTES = 64 << 20;
  private static final int MAX_HEADER_BYTES = 1 << 20;
  private static final int MAX_COUNT = 100_000;

  /**
   * @throws IllegalArgumentException naming every value out of range
   */
  public ListenerLimits {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Problem.throwIfAny(
        problems(
            "limits",
            maxRequestBytes,
            maxHeaderBytes,
            maxConnections,
            handshakeTimeout,
            idleTimeout,
            maxConcurrentCalls,
            requestTimeout));
  }

  /** The defaults above. */
  public static ListenerLimits defaults() {
    return new ListenerLimits(
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_HEADER_BYTES,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_CONCURRENT_CALLS,
        DEFAULT_REQUEST_TIMEOUT);
  }

  public ListenerLimits withMaxRequestBytes(int bytes) {
    return new ListenerLimits(
        bytes,
        maxHeaderBytes,
        maxConnections,
        handshakeTimeout,
        idleTimeout,
        maxConcurrentCalls,
        requestTimeout);
  }

  public ListenerLimits withMaxHeaderBytes(int bytes) {
    return new ListenerLimits(
        maxRequestBytes,
        bytes,
        maxConnections,
        handshakeTimeout,
        idleTimeout,
        maxConcurrentCalls,
        requestTimeout);
  }

  public ListenerLimits withMaxConnections(int n) {
    return new ListenerLimits(
        maxRequestBytes,
        maxHeaderBytes,
        n,
        handshakeTimeout,
        idleTimeout,
        maxConcurrentCalls,
        requestTimeout);
  }

  public ListenerLimits withHandshakeTimeout(Duration d) {
    return new ListenerLimits(
        maxRequestBytes,
        maxHeaderBytes,
        maxConnections,
        d,
        idleTimeout,
        maxConcurrentCalls,
        requestTimeout);
  }

  public ListenerLimits withIdleTimeout(Duration d) {
    return new ListenerLimits(
        maxRequestBytes,
        maxHeaderBytes,
        maxConnections,
        handshakeTimeout,
        d,
        maxConcurrentCalls,
        requestTimeout);
  }

  public ListenerLimits withMaxConcurrentCalls(int n) {
    return new ListenerLimits(
        maxRequestBytes,
        maxHeaderBytes,
        maxConnections,
        handshakeTimeout,
        idleTimeout,
        n,
        requestTimeout);
  }

  public ListenerLimits withRequestTimeout(Duration d) {
    return new ListenerLimits(
        maxRequestBytes,
        maxHeaderBytes,
        maxConnections,
        handshakeTimeout,
        idleTimeout,
        maxConcurrentCalls,
        d);
  }

  static List<Problem> problems(
      String block,
      int maxRequestBytes,
      int maxHeaderBytes,
      int maxConnections,
      Duration handshakeTimeout,
      Duration idleTimeout,
      int maxConcurrentCalls,
      Duration requestTimeout) {
    List<Problem> problems = new ArrayList<>();
    size(problems, block + ".max_request_bytes", maxRequestBytes, MAX_REQUEST_BYTES);
    size(problems, block + ".max_header_bytes", maxHeaderBytes, MAX_HEADER_BYTES);
    count(problems, block + ".max_connections", maxConnections);
    Rules.positive(problems, block + ".handshake_timeout", handshakeTimeout);
    Rules.positive(problems, block + ".idle_timeout", idleTimeout);
    count(problems, block + ".max_concurrent_calls", maxConcurrentCalls);
    Rules.positive(problems, block + ".request_timeout", requestTimeout);
    return problems;
  }

  private static void size(List<Problem> problems, String key, int value, int max) {
    if (value < MIN_BYTES || value > max) {
      problems.add(new Problem(key, Sizes.format(value), Sizes.expected(MIN_BYTES, max)));
    }
  }

  private static void count(List<Problem> problems, String key, int value) {
    if (value < 1 || value > MAX_COUNT) {
      problems.add(new Problem(key, Integer.toString(value), "an integer from 1 to " + MAX_COUNT));
    }
  }

  /** Reads a {@code limits} block that may hold {@code allowed} keys; errors name file and line. */
  static ListenerLimits read(Section s, String... allowed) throws ConfigException {
    s.allow(allowed);
    return new ListenerLimits(
        s.size("max_request_bytes", MIN_BYTES, MAX_REQUEST_BYTES)
            .map(Long::intValue)
            .orElse(DEFAULT_MAX_REQUEST_BYTES),
        s.size("max_header_bytes", MIN_BYTES, MAX_HEADER_BYTES)
            .map(Long::intValue)
            .orElse(DEFAULT_MAX_HEADER_BYTES),
        s.integer("max_connections", 1, MAX_COUNT).orElse(DEFAULT_MAX_CONNECTIONS),
        s.duration("handshake_timeout").orElse(DEFAULT_HANDSHAKE_TIMEOUT),
        s.duration("idle_timeout").orElse(DEFAULT_IDLE_TIMEOUT),
        s.integer("max_concurrent_calls", 1, MAX_COUNT).orElse(DEFAULT_MAX_CONCURRENT_CALLS),
        s.duration("request_timeout").orElse(DEFAULT_REQUEST_TIMEOUT));
  }
}
