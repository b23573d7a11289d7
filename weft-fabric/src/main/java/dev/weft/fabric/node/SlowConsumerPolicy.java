package dev.weft.fabric.node;

/** What a node does with a connection whose outbound queue is full (it reads too slowly). */
public enum SlowConsumerPolicy {
  /** Close the connection (after an {@code ERROR SLOW_CONSUMER}); counted. The default. */
  DISCONNECT,
  /** Drop the messages that do not fit; each is counted. */
  DROP
}
