package dev.weft.fabric.client;

import dev.weft.fabric.Name;

/** A live subscription; closing it unsubscribes (once; later closes do nothing). */
public interface Subscription extends AutoCloseable {
  /** The name subscribed to. */
  Name name();

  /** Unsubscribes; the handler receives nothing after this returns. */
  @Override
  void close();
}
