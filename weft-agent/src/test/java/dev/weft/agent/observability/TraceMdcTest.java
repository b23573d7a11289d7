package dev.weft.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Trace ids in the slf4j MDC, whichever backend the application binds. */
class TraceMdcTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  @SuppressWarnings("try") // the MDC scope is only opened and closed
  void aTraceScopeRestoresTheOuterIdsAndIgnoresBadTraceparents() {
    try (var outer = TraceMdc.open(TRACEPARENT)) {
      try (var inner = TraceMdc.open("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")) {
        assertThat(MDC.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(MDC.get("span_id")).isEqualTo("b7ad6b7169203331");
      }
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get("span_id")).isEqualTo("00f067aa0ba902b7");
      try (var bad = TraceMdc.open("not-a-traceparent")) {
        assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      }
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    assertThat(MDC.get("trace_id")).isNull();
    assertThat(MDC.get("span_id")).isNull();
  }
}
