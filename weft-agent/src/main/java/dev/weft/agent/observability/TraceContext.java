package dev.weft.agent.observability;

import java.util.regex.Pattern;

/** Reads W3C trace context ({@code traceparent}: version-traceid-spanid-flags). */
public final class TraceContext {

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  private TraceContext() {}

  /**
   * The trace id of a valid {@code traceparent}, or null when it is absent or malformed (an
   * all-zero trace or span id is invalid, as the W3C specification says).
   */
  public static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var m = TRACEPARENT.matcher(traceparent.trim());
    if (!m.matches()
        || m.group(1).chars().allMatch(c -> c == '0')
        || m.group(2).chars().allMatch(c -> c == '0')) {
      return null;
    }
    return m.group(1);
  }
}
