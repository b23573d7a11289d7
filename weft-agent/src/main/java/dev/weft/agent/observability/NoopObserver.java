package dev.weft.agent.observability;

import dev.weft.agent.ErrorCode;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records nothing; keeps the trace id of an incoming {@code traceparent} and makes new span ids.
 */
final class NoopObserver implements CallObserver {

  static final NoopObserver INSTANCE = new NoopObserver();

  private NoopObserver() {}

  @Override
  public Span serverCall(String capability, String peerTrustDomain, String traceparent) {
    return span(traceparent);
  }

  @Override
  public Span clientCall(String target, String capability, String parentTraceparent) {
    return span(parentTraceparent);
  }

  @Override
  public void authorization(String capability, boolean allowed, Duration latency) {}

  @Override
  public void connections(int delta) {}

  @Override
  public void breakerState(String target, String state) {}

  @Override
  public void targetLatency(String target, Duration latency) {}

  private static Span span(String parent) {
    String traceId = TraceContext.traceId(parent);
    if (traceId == null) {
      traceId = hex(16);
    }
    String traceparent = "00-" + traceId + "-" + hex(8) + "-01";
    String id = traceId;
    return new Span() {
      @Override
      public String traceparent() {
        return traceparent;
      }

      @Override
      public String traceId() {
        return id;
      }

      @Override
      public void error(ErrorCode code) {}

      @Override
      public void close() {}
    };
  }

  /**
   * Random ids as OpenTelemetry's default generator makes them (not secrets: uniqueness is what
   * matters, and a shared SecureRandom would serialize every call on one lock).
   */
  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
