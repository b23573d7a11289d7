package dev.weft.bench.fabric;

import dev.weft.bench.Flags;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The flags of {@code scripts/bench fabric}, each with its default.
 *
 * @param parts which parts run: {@code nats}, {@code weft}, {@code wire}, {@code mls} (default: all
 *     four)
 * @param quick smaller counts everywhere ({@code --quick}): a check that the benchmark works, with
 *     rough figures
 * @param bodyBytes message body size (default 128, as the targets)
 * @param warmupMessages pub/sub messages before measuring (default 500,000)
 * @param messages pub/sub messages measured (default 2,000,000)
 * @param window at most this many messages published and not yet received (default 65,536)
 * @param warmupRequests requests before measuring (default 5,000)
 * @param requests requests measured (default 20,000)
 * @param connections idle connections opened for the memory figure (default 1,000)
 * @param subscriptions subscriptions made for the memory figure (default 100,000)
 * @param natsServer the nats-server binary (default: {@code nats-server} on the PATH, else
 *     /usr/sbin/nats-server)
 * @param sessionWarmup session requests before measuring, per kind (default 3,000; quick 300)
 * @param sessionRequests session requests measured back to back, per kind (default 10,000; quick
 *     1,000)
 * @param sessionThroughput session requests of the throughput run, per kind (default 20,000; quick
 *     2,000)
 * @param inFlight session requests outstanding at once in the throughput run (default 32)
 * @param groupSize members of the MLS group a member is added to (default 100)
 * @param groupAdds measured adds to that group (default 20; quick 5)
 */
record Settings(
    Set<String> parts,
    int bodyBytes,
    int warmupMessages,
    int messages,
    int window,
    int warmupRequests,
    int requests,
    int connections,
    int subscriptions,
    String natsServer,
    boolean quick,
    int sessionWarmup,
    int sessionRequests,
    int sessionThroughput,
    int inFlight,
    int groupSize,
    int groupAdds) {

  private static final List<String> PARTS = List.of("nats", "weft", "wire", "mls");

  /** Reads the flags; a bad value is an {@link IllegalArgumentException} naming it. */
  static Settings read(Flags flags) {
    String only = flags.string("only", String.join(",", PARTS));
    Set<String> parts = new HashSet<>(List.of(only.split(",")));
    boolean quick = flags.bool("quick");
    for (String part : parts) {
      if (!PARTS.contains(part)) {
        throw new IllegalArgumentException(
            "--only: \"" + only + "\" (expected: a comma-separated subset of " + PARTS + ")");
      }
    }
    return new Settings(
        Set.copyOf(parts),
        flags.integer("body-bytes", 128, 1),
        flags.integer("warmup-messages", quick ? 50_000 : 500_000, 0),
        flags.integer("messages", quick ? 200_000 : 2_000_000, 1),
        flags.integer("window", 65_536, 64),
        flags.integer("warmup-requests", quick ? 1_000 : 5_000, 0),
        flags.integer("requests", quick ? 2_000 : 20_000, 1),
        flags.integer("connections", quick ? 200 : 1_000, 1),
        flags.integer("subscriptions", quick ? 20_000 : 100_000, 1),
        flags.string("nats-server", ""),
        quick,
        flags.integer("session-warmup", quick ? 300 : 3_000, 0),
        flags.integer("session-requests", quick ? 1_000 : 10_000, 1),
        flags.integer("session-throughput", quick ? 2_000 : 20_000, 1),
        flags.integer("in-flight", 32, 1),
        flags.integer("group-size", 100, 2),
        flags.integer("group-adds", quick ? 5 : 20, 1));
  }

  byte[] body() {
    byte[] body = new byte[bodyBytes];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }
}
