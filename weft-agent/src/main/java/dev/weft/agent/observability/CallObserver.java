package dev.weft.agent.observability;

import dev.weft.agent.ErrorCode;
import java.time.Duration;

/**
 * Where the server and the client report what happens to calls: spans (W3C trace context), metrics,
 * connection counts and circuit-breaker states. {@link Observability} implements it with
 * OpenTelemetry and Micrometer; {@link #noop()} only carries the trace context, so that trace ids
 * propagate even without tracing. Implementations are thread-safe.
 */
public interface CallObserver {

  /**
   * A call arrived at this agent.
   *
   * @param capability the capability called (or the JSON-RPC method when there is none)
   * @param peerTrustDomain the caller's trust domain, or {@code "unauthenticated"}
   * @param traceparent the incoming W3C {@code traceparent}, or null to start a new trace
   */
  Span serverCall(String capability, String peerTrustDomain, String traceparent);

  /**
   * This agent calls {@code capability} on {@code target} (a SPIFFE ID), as a child of the current
   * server span when there is one ({@code parentTraceparent} non-null).
   */
  Span clientCall(String target, String capability, String parentTraceparent);

  /** A policy decision was made in {@code latency}. */
  void authorization(String capability, boolean allowed, Duration latency);

  /** A connection to this agent's server opened ({@code +1}) or closed ({@code -1}). */
  void connections(int delta);

  /** The circuit breaker for {@code target} changed to {@code state} (closed, open, half_open). */
  void breakerState(String target, String state);

  /** A call to {@code target} took {@code latency} (what a latency-aware choice uses). */
  void targetLatency(String target, Duration latency);

  /** Why a request was refused before a capability ran: a fixed set of words. */
  enum Refusal {
    /** The body was over {@code server.limits.max_request_bytes}. */
    BODY_TOO_LARGE,
    /** The request line or headers were over {@code server.limits.max_header_bytes}. */
    HEADERS_TOO_LARGE,
    /** The JSON was nested too deep or held too long a string. */
    JSON_LIMITS,
    /** {@code server.limits.max_concurrent_calls} calls were running. */
    CONCURRENCY_LIMIT,
    /** The call's deadline had passed when it arrived. */
    DEADLINE_EXCEEDED;

    /** The label value: the name in lower case. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Where a connection was too slow: a fixed set of words. */
  enum SlowPhase {
    /** The TLS handshake (and the first bytes after it) did not finish in time. */
    HANDSHAKE,
    /** A request's headers or body did not arrive in time. */
    REQUEST_READ;

    /** The label value: the name in lower case. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A request was refused before any capability ran. Default: nothing. */
  default void requestRefused(Refusal reason) {}

  /** A connection was closed for being too slow. Default: nothing. */
  default void connectionTimedOut(SlowPhase phase) {}

  /** A connection was closed at once because the connection limit was reached. Default: nothing. */
  default void connectionRejected() {}

  /** One span; closing it ends it and records the request metrics. */
  interface Span extends AutoCloseable {

    /** The W3C {@code traceparent} to send on a call made within this span. */
    String traceparent();

    /** The trace id (32 lowercase hex). */
    String traceId();

    /** Marks the span failed with {@code code}. */
    void error(ErrorCode code);

    /** Ends the span. */
    @Override
    void close();
  }

  /** An observer that records nothing but propagates W3C trace context. */
  static CallObserver noop() {
    return NoopObserver.INSTANCE;
  }
}
