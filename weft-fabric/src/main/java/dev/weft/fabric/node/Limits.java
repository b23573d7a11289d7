package dev.weft.fabric.node;

import java.time.Duration;
import java.util.Objects;

/**
 * A node's bounds.
 *
 * @param maxMessageBytes the longest frame accepted, length field's value (default 1 MiB)
 * @param queueMessages frames queued for one connection before the slow-consumer policy acts
 *     (default 8192)
 * @param queueBytes bytes queued for one connection before the policy acts (default 8 MiB)
 * @param maxConnections open connections, clients and links together (default 10000)
 * @param maxSubscriptions subscriptions of one connection (default 100000)
 * @param handshakeTimeout how long a TLS handshake and the HELLO may take (default 10 s)
 */
public record Limits(
    int maxMessageBytes,
    int queueMessages,
    long queueBytes,
    int maxConnections,
    int maxSubscriptions,
    Duration handshakeTimeout) {

  /** The defaults above. */
  public static final Limits DEFAULTS =
      new Limits(1 << 20, 8192, 8L << 20, 10_000, 100_000, Duration.ofSeconds(10));

  /** Checks the bounds. */
  public Limits {
    positive("max_message_bytes", maxMessageBytes);
    positive("queue_messages", queueMessages);
    positive("queue_bytes", queueBytes);
    positive("max_connections", maxConnections);
    positive("max_subscriptions", maxSubscriptions);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "handshake_timeout: " + handshakeTimeout + " (expected: > 0)");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "max_message_bytes: " + maxMessageBytes + " (expected: >= 1024)");
    }
  }

  private static void positive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + ": " + value + " (expected: > 0)");
    }
  }
}
