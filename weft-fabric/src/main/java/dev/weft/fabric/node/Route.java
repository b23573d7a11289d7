package dev.weft.fabric.node;

import dev.weft.identity.spiffeid.SpiffeId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A static route: names under {@code prefix} can be reached through the node at {@code endpoint},
 * which must prove exactly {@code peer}.
 *
 * @param prefix one to four name components ({@code acme}, {@code acme/ns}, a service or an
 *     instance name); a name matches when its first components equal them
 * @param endpoint the other node's {@code external_endpoint}
 * @param peer the SPIFFE ID the other node must present
 */
public record Route(String prefix, InetSocketAddress endpoint, SpiffeId peer) {

  /** Checks the prefix. */
  public Route {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(peer, "peer");
    String[] parts = prefix.split("/", -1);
    if (parts.length > 4) {
      throw new IllegalArgumentException(
          "route: \"" + prefix + "\" (expected: a name prefix of 1-4 components)");
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > dev.weft.fabric.Name.MAX_COMPONENT_LENGTH
          || !part.chars()
              .allMatch(
                  c ->
                      Character.isLetterOrDigit(c) && c < 128
                          || c == '.'
                          || c == '_'
                          || c == '-')) {
        throw new IllegalArgumentException(
            "route: \""
                + prefix
                + "\" (expected: a name prefix of 1-4 components of [A-Za-z0-9._-])");
      }
    }
  }

  /** How many components the prefix has (longer prefixes are tried first). */
  public int length() {
    return prefix.split("/", -1).length;
  }

  /** Whether {@code name} (its text) lies under this route's prefix. */
  public boolean matches(String name) {
    return name.equals(prefix)
        || name.startsWith(prefix)
            && name.length() > prefix.length()
            && name.charAt(prefix.length()) == '/';
  }
}
