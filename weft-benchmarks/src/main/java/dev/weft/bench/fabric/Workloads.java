package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads of {@code scripts/bench fabric}, the same for Weft and NATS: a one-way stream from
 * one publisher to one subscriber, and request/reply from one requester to one responder, each with
 * the same 128-byte body.
 */
final class Workloads {
  private Workloads() {}

  /** A publisher connection and the count of what its subscriber has received so far. */
  interface Stream {
    /** Publishes {@code body} once (may buffer; the subscriber's count is the truth). */
    void publish(byte[] body) throws Exception;

    /** Messages the subscriber has received since the stream was opened. */
    long received();
  }

  /** One request and its reply, blocking the caller until the reply arrives. */
  @FunctionalInterface
  interface Requester {
    void request(byte[] body) throws Exception;
  }

  /** Messages delivered in a measured period. */
  record Throughput(long messages, long nanos) {
    double perSecond() {
      return messages / (nanos / 1e9);
    }
  }

  /**
   * Publishes {@code warmup} then {@code messages} messages as fast as the stream takes them, with
   * at most {@code window} messages published but not yet received (so a subscriber slower than the
   * publisher throttles it instead of being buffered for without limit), and measures from the
   * first measured publish until the subscriber has received the last message.
   *
   * @throws TimeoutException if the subscriber stops receiving for {@code stall} (messages lost)
   */
  static Throughput pubSub(
      Stream stream, byte[] body, long warmup, long messages, int window, Duration stall)
      throws Exception {
    long start = 0;
    long total = warmup + messages;
    for (long sent = 0; sent < total; sent++) {
      if (sent == warmup) {
        awaitReceived(stream, warmup, stall);
        start = System.nanoTime();
      }
      if ((sent & 63) == 0) {
        awaitReceived(stream, sent - window, stall);
      }
      stream.publish(body);
    }
    awaitReceived(stream, total, stall);
    return new Throughput(messages, System.nanoTime() - start);
  }

  /** Sends {@code warmup} then {@code requests} requests back to back; latencies of the latter. */
  static Latencies reqRep(Requester requester, byte[] body, int warmup, int requests)
      throws Exception {
    for (int i = 0; i < warmup; i++) {
      requester.request(body);
    }
    long[] samples = new long[requests];
    long begin = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      requester.request(body);
      samples[i] = System.nanoTime() - start;
    }
    return Latencies.of(samples, System.nanoTime() - begin);
  }

  private static void awaitReceived(Stream stream, long target, Duration stall)
      throws TimeoutException {
    long last = stream.received();
    long lastChange = System.nanoTime();
    while (last < target) {
      LockSupport.parkNanos(20_000);
      long now = stream.received();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > stall.toNanos()) {
        throw new TimeoutException(
            "subscriber stalled at "
                + last
                + " messages (expected: "
                + target
                + "); messages were lost");
      }
    }
  }
}
