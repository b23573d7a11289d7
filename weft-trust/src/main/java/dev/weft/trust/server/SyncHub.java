package dev.weft.trust.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the open node-API sync streams that entries or bundles changed. Listeners run on the thread
 * that calls {@link #changed()} and must not block (they hand off to their stream).
 */
final class SyncHub {
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

  AutoCloseable subscribe(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void changed() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  int size() {
    return listeners.size();
  }
}
