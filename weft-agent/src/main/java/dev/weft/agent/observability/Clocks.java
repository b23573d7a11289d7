package dev.weft.agent.observability;

import java.time.Clock;
import java.time.Instant;

/**
 * Adapts an injected {@link Clock} to the clocks Micrometer and OpenTelemetry read, so that tests
 * control every duration and timestamp. Without an injected clock each library keeps its own
 * (monotonic for durations).
 */
final class Clocks {

  private Clocks() {}

  static io.micrometer.core.instrument.Clock micrometer(Clock clock) {
    return new io.micrometer.core.instrument.Clock() {
      @Override
      public long wallTime() {
        return clock.millis();
      }

      @Override
      public long monotonicTime() {
        return epochNanos(clock.instant());
      }
    };
  }

  static io.opentelemetry.sdk.common.Clock openTelemetry(Clock clock) {
    return new io.opentelemetry.sdk.common.Clock() {
      @Override
      public long now() {
        return epochNanos(clock.instant());
      }

      @Override
      public long nanoTime() {
        return epochNanos(clock.instant());
      }
    };
  }

  private static long epochNanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}
