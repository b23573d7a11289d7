package dev.weft.policy.rego.internal.builtins;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used cache with a fixed number of entries, shared by every query (compiled
 * regular expressions, globs). Thread-safe: one lock guards the map; values must be immutable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BoundedCache<K, V> {

  @GuardedBy("this")
  private final LinkedHashMap<K, V> entries;

  BoundedCache(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The cached value, or null. */
  synchronized V get(K key) {
    return entries.get(key);
  }

  /** Caches {@code value}, evicting the least recently used entry when full. */
  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  /** The number of cached entries. */
  synchronized int size() {
    return entries.size();
  }
}
