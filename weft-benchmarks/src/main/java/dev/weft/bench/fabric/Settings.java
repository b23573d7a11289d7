package dev.weft.bench.fabric;

import dev.weft.bench.Flags;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The flags of {@code scripts/bench fabric}, each with its default.
 *
 * @param parts which parts run: {@code nats}, {@code weft}, {@code wire} (default: all three)
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
    String natsServer) {

  private static final List<String> PARTS = List.of("nats", "weft", "wire");

  /** Reads the flags; a bad value is an {@link IllegalArgumentException} naming it. */
  static Settings read(Flags flags) {
    String only = flags.string("only", String.join(",", PARTS));
    Set<String> parts = new HashSet<>(List.of(only.split(",")));
    for (String part : parts) {
      if (!PARTS.contains(part)) {
        throw new IllegalArgumentException(
            "--only: \"" + only + "\" (expected: a comma-separated subset of " + PARTS + ")");
      }
    }
    return new Settings(
        Set.copyOf(parts),
        flags.integer("body-bytes", 128, 1),
        flags.integer("warmup-messages", 500_000, 0),
        flags.integer("messages", 2_000_000, 1),
        flags.integer("window", 65_536, 64),
        flags.integer("warmup-requests", 5_000, 0),
        flags.integer("requests", 20_000, 1),
        flags.integer("connections", 1_000, 1),
        flags.integer("subscriptions", 100_000, 1),
        flags.string("nats-server", ""));
  }

  byte[] body() {
    byte[] body = new byte[bodyBytes];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }
}
