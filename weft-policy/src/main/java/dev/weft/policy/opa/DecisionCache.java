package dev.weft.policy.opa;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.policy.rego.value.Value;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A bounded cache of policy results by request key: least recently used entries are dropped past
 * the maximum, and an entry is not served after its time to live. Thread-safe.
 */
final class DecisionCache {

  /** A cached result (null result: undefined) and when it stops being served. */
  record Cached(Value result, Instant expires) {}

  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;

  /** In access order. */
  @GuardedBy("this")
  private final LinkedHashMap<String, Cached> entries;

  DecisionCache(int maxEntries, Duration ttl, Clock clock) {
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** The live entry for {@code key}, or null; an expired entry is dropped. */
  synchronized Cached get(String key) {
    if (maxEntries == 0) {
      return null;
    }
    Cached cached = entries.get(key);
    if (cached != null && !clock.instant().isBefore(cached.expires())) {
      entries.remove(key);
      return null;
    }
    return cached;
  }

  /** Caches a result (null: undefined) for the time to live. */
  synchronized void put(String key, Value result) {
    if (maxEntries > 0) {
      entries.put(key, new Cached(result, clock.instant().plus(ttl)));
      Iterator<String> eldest = entries.keySet().iterator();
      while (entries.size() > maxEntries) {
        eldest.next();
        eldest.remove();
      }
    }
  }

  /** How many entries are held, expired ones included until looked up. */
  synchronized int size() {
    return entries.size();
  }
}
