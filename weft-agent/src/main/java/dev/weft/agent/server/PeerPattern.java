package dev.weft.agent.server;

import dev.weft.identity.spiffeid.SpiffeId;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link dev.weft.agent.RequiresPeer} pattern: a SPIFFE ID in which {@code *} stands for one
 * path segment or, in the trust domain position, one whole trust domain.
 */
record PeerPattern(String text, List<String> parts) {

  private static final String SCHEME = "spiffe://";

  static PeerPattern parse(String text) {
    if (text == null || !text.startsWith(SCHEME) || text.length() == SCHEME.length()) {
      throw new IllegalArgumentException(
          "@RequiresPeer: \""
              + text
              + "\" (expected: a SPIFFE ID in which * stands for one segment, like"
              + " spiffe://example.org/region/*/orchestrator)");
    }
    List<String> parts = List.of(text.substring(SCHEME.length()).split("/", -1));
    if (parts.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(
          "@RequiresPeer: \"" + text + "\" (expected: no empty segment and no trailing /)");
    }
    return new PeerPattern(text, parts);
  }

  boolean matches(SpiffeId id) {
    List<String> actual = new ArrayList<>();
    actual.add(id.trustDomain().name());
    actual.addAll(id.segments());
    if (actual.size() != parts.size()) {
      return false;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (!parts.get(i).equals("*") && !parts.get(i).equals(actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
