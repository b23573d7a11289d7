package dev.weft.trust.federation;

import java.time.Duration;

/**
 * Bounds on one bundle fetch, so that a slow, huge or silent endpoint costs a bounded error.
 *
 * @param connectTimeout TCP connect (and TLS) timeout; default 5s
 * @param readTimeout the whole answer must arrive within this; default 10s
 * @param maxBytes the largest body accepted; default 1 MiB
 */
public record FetchLimits(Duration connectTimeout, Duration readTimeout, int maxBytes) {
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  public FetchLimits {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout: " + readTimeout + " (expected: > 0)");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
  }

  public static FetchLimits defaults() {
    return new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(10), DEFAULT_MAX_BYTES);
  }
}
