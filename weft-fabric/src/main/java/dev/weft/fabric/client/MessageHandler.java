package dev.weft.fabric.client;

/**
 * Receives the messages of one subscription. Called on the connection's I/O thread, one message at
 * a time, in the order they arrived: it must not block (hand slow work to an executor). An
 * exception it throws is logged and the next message is delivered.
 */
@FunctionalInterface
public interface MessageHandler {
  /** One message. */
  void onMessage(Message message);
}
