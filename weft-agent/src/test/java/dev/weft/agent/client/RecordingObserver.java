package dev.weft.agent.client;

import dev.weft.agent.ErrorCode;
import dev.weft.agent.observability.CallObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records breaker states, latencies and failed spans; spans propagate as the no-op does. */
final class RecordingObserver implements CallObserver {
  final List<String> breakerStates = new CopyOnWriteArrayList<>();
  final List<String> latencies = new CopyOnWriteArrayList<>();
  final List<ErrorCode> spanErrors = new CopyOnWriteArrayList<>();

  @Override
  public Span serverCall(String capability, String peerTrustDomain, String traceparent) {
    return CallObserver.noop().serverCall(capability, peerTrustDomain, traceparent);
  }

  @Override
  public Span clientCall(String target, String capability, String parentTraceparent) {
    Span span = CallObserver.noop().clientCall(target, capability, parentTraceparent);
    return new Span() {
      @Override
      public String traceparent() {
        return span.traceparent();
      }

      @Override
      public String traceId() {
        return span.traceId();
      }

      @Override
      public void error(ErrorCode code) {
        spanErrors.add(code);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void authorization(String capability, boolean allowed, Duration latency) {}

  @Override
  public void connections(int delta) {}

  @Override
  public void breakerState(String target, String state) {
    breakerStates.add(target + " " + state);
  }

  @Override
  public void targetLatency(String target, Duration latency) {
    latencies.add(target + " " + latency.toMillis() + "ms");
  }
}
