package dev.weft.agent.observability;

import org.slf4j.MDC;

/**
 * The trace and span ids of a W3C {@code traceparent} in the slf4j MDC of this thread, under {@link
 * #TRACE_ID} and {@link #SPAN_ID}, until the scope is closed (which restores what was there).
 * Whatever logging backend the application binds to slf4j can show them (the agent runtime's JSON
 * lines do). Close it on the thread that opened it. A scope that the try block does not reference
 * makes javac's {@code -Xlint:try} warn; suppress {@code "try"} on the enclosing method.
 *
 * <pre>{@code
 * try (var span = observer.serverCall(capability, peerTrustDomain, traceparent);
 *     var mdc = TraceMdc.open(span.traceparent())) {
 *   log.info("serving {}", capability); // carries trace_id and span_id
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TraceMdc extends AutoCloseable {

  /** The MDC key of the W3C trace id. */
  String TRACE_ID = "trace_id";

  /** The MDC key of the span id. */
  String SPAN_ID = "span_id";

  /** Restores the MDC entries the scope replaced. */
  @Override
  void close();

  /**
   * Puts the ids of {@code traceparent} into the MDC; a null or malformed {@code traceparent}
   * changes nothing.
   */
  static TraceMdc open(String traceparent) {
    if (TraceContext.traceId(traceparent) == null) {
      return () -> {};
    }
    String tp = traceparent.trim();
    String previousTrace = MDC.get(TRACE_ID);
    String previousSpan = MDC.get(SPAN_ID);
    MDC.put(TRACE_ID, tp.substring(3, 35));
    MDC.put(SPAN_ID, tp.substring(36, 52));
    return () -> {
      restore(TRACE_ID, previousTrace);
      restore(SPAN_ID, previousSpan);
    };
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
