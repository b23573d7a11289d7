package dev.weft.identity.workloadapi;

/**
 * A registration that lasts until closed: a watch on a Workload API stream or a listener of a
 * {@link SvidSource}. Closing is idempotent and never throws.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  /** Ends the subscription; no callback starts after this returns (one in progress may finish). */
  @Override
  void close();
}
