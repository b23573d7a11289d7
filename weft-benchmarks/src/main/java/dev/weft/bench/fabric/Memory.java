package dev.weft.bench.fabric;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory of a server process per idle connection and per subscription, read as the growth of its
 * resident set (RSS) while the load generator opens them. One connection is opened and the server
 * left to settle before the first reading, so start-up allocations are not counted.
 */
final class Memory {
  private static final long SETTLE_MILLIS = 1_500;

  /** Opens one connection to the server; the caller closes it. */
  @FunctionalInterface
  interface Connector {
    AutoCloseable open() throws Exception;
  }

  /** Makes {@code count} subscriptions on one connection of its own and returns it. */
  @FunctionalInterface
  interface Subscriber {
    AutoCloseable subscribe(int count) throws Exception;
  }

  private Memory() {}

  /** RSS growth of {@code server} for {@code count} idle connections, scaled to per 1,000. */
  static long perThousandConnections(ServerProcess server, Connector connector, int count)
      throws Exception {
    List<AutoCloseable> open = new ArrayList<>(count + 1);
    try {
      open.add(connector.open());
      Thread.sleep(SETTLE_MILLIS);
      long before = server.rssBytes();
      for (int i = 0; i < count; i++) {
        open.add(connector.open());
      }
      Thread.sleep(SETTLE_MILLIS);
      long after = server.rssBytes();
      return (after - before) * 1_000 / count;
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /** RSS growth of {@code server} for {@code count} subscriptions, scaled to per 100,000. */
  static long perHundredThousandSubscriptions(
      ServerProcess server, Subscriber subscriber, int count) throws Exception {
    AutoCloseable warm = subscriber.subscribe(1);
    try {
      Thread.sleep(SETTLE_MILLIS);
      long before = server.rssBytes();
      AutoCloseable subscriptions = subscriber.subscribe(count);
      try {
        Thread.sleep(SETTLE_MILLIS);
        long after = server.rssBytes();
        return (after - before) * 100_000 / count;
      } finally {
        subscriptions.close();
      }
    } finally {
      warm.close();
    }
  }
}
