package dev.weft.agent.server;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** One capability the server serves: its card data, its peer guards and its handler. */
record CapabilityDef(
    String name,
    String description,
    boolean idempotent,
    List<PeerPattern> peers,
    CapabilityHandler handler) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  CapabilityDef {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "capability: \"" + name + "\" (expected: letters, digits, _, - or .)");
    }
    Objects.requireNonNull(description, "description");
    peers = List.copyOf(peers);
    Objects.requireNonNull(handler, "handler");
  }
}
