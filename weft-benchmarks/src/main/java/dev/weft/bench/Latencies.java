package dev.weft.bench;

import java.util.Arrays;

/**
 * Recorded latencies of one measured run, in nanoseconds, and their percentiles. Percentiles use
 * the nearest-rank method on the sorted samples: p50 of 5,000 samples is the 2,500th smallest.
 *
 * @param sorted the samples, sorted ascending (never empty)
 * @param wallNanos how long the run took from its first call to its last answer
 */
public record Latencies(long[] sorted, long wallNanos) {

  /** Sorts a copy of {@code samples}. */
  public static Latencies of(long[] samples, long wallNanos) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("samples: none (expected: at least one)");
    }
    long[] copy = samples.clone();
    Arrays.sort(copy);
    return new Latencies(copy, wallNanos);
  }

  /** The nearest-rank percentile {@code p} (0 < p <= 100), in nanoseconds. */
  public long percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("p: " + p + " (expected: 0 < p <= 100)");
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** The largest sample. */
  public long max() {
    return sorted[sorted.length - 1];
  }

  /** The number of samples. */
  public int count() {
    return sorted.length;
  }

  /** Samples per second of wall time. */
  public double perSecond() {
    return count() / (wallNanos / 1e9);
  }
}
