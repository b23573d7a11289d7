package dev.weft.agent.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one metric label may take when callers choose them: the first {@code max} distinct
 * values seen are kept as they are, every later one is recorded as {@link #OTHER}. So a label can
 * never hold more than {@code max + 1} values, whatever callers send. Thread-safe.
 */
final class BoundedLabel {

  /** The value every value past the first {@code max} distinct ones is recorded as. */
  static final String OTHER = "other";

  private final int max;

  /** Read without the lock; added to only while {@code lock} is held (check, then add). */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();

  BoundedLabel(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
    }
    this.max = max;
  }

  /** {@code value} itself while it is one of the first {@code max} seen, else {@link #OTHER}. */
  String of(String value) {
    if (value == null) {
      return OTHER;
    }
    if (seen.contains(value)) {
      return value;
    }
    synchronized (lock) {
      if (seen.contains(value)) {
        return value;
      }
      if (seen.size() >= max) {
        return OTHER;
      }
      seen.add(value);
      return value;
    }
  }
}
