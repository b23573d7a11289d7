package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.NetworkAccess;
import java.util.Map;

/** What a built-in may see of the evaluation that calls it. Not thread-safe: one per query. */
public interface BuiltinContext {

  /**
   * The evaluation's time in nanoseconds since the epoch; the same value for every call within one
   * query, as OPA's {@code time.now_ns} is.
   */
  long nowNanos();

  /** Writes one line of {@code print} output. */
  void print(String line);

  /**
   * A cache that lives as long as the query, for built-ins that memoize (e.g. compiled regexes).
   */
  Map<Object, Object> cache();

  /**
   * Which hosts {@code http.send} and {@code net.lookup_ip_addr} may reach: none unless the
   * evaluation's options allow some.
   */
  default NetworkAccess network() {
    return NetworkAccess.NONE;
  }
}
