package dev.weft.trust.ca;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of the arguments of signing requests, with messages in the project's format. */
final class Arguments {
  static final int MAX_DNS_NAMES = 100;
  static final int MAX_DNS_NAME_LENGTH = 253;
  private static final String LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";
  private static final Pattern DNS_NAME =
      Pattern.compile("(?:\\*\\.)?" + LABEL + "(?:\\." + LABEL + ")*");

  private Arguments() {}

  /** {@code ttl}, or {@code fallback} when it is zero. */
  static Duration ttl(Duration ttl, Duration fallback) throws CaException {
    if (ttl == null || ttl.isNegative()) {
      throw new CaException("ttl: " + ttl + " (expected: >= 0; zero means the default)");
    }
    return ttl.isZero() ? fallback : ttl;
  }

  /** Checks that {@code id} is a workload ID (it has a path) of {@code trustDomain}. */
  static void member(SpiffeId id, TrustDomain trustDomain, String field) throws CaException {
    if (id == null) {
      throw new CaException(
          field + ": null (expected: a SPIFFE ID of trust domain " + trustDomain + ")");
    }
    if (!id.isMemberOf(trustDomain)) {
      throw new CaException(
          field + ": " + id + " (expected: a SPIFFE ID of trust domain " + trustDomain + ")");
    }
    if (id.path().isEmpty()) {
      throw new CaException(
          field + ": " + id + " (expected: a workload ID with a path, not the trust domain ID)");
    }
  }

  /** Checks DNS names: at most {@link #MAX_DNS_NAMES}, each a host name or a wildcard name. */
  static List<String> dnsNames(List<String> names) throws CaException {
    if (names == null) {
      return List.of();
    }
    if (names.size() > MAX_DNS_NAMES) {
      throw new CaException(
          "dnsNames: " + names.size() + " names (expected: at most " + MAX_DNS_NAMES + ")");
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null
          || name.length() > MAX_DNS_NAME_LENGTH
          || !DNS_NAME.matcher(name).matches()) {
        throw new CaException(
            "dnsNames["
                + i
                + "]: "
                + (name == null ? "null" : "\"" + name + "\"")
                + " (expected: a DNS name such as api.example.org)");
      }
    }
    return List.copyOf(names);
  }

  /** Checks that {@code audience} has at least one value and none is blank. */
  static Set<String> audience(Set<String> audience) throws CaException {
    if (audience == null || audience.isEmpty()) {
      throw new CaException("audience: [] (expected: at least one value)");
    }
    for (String value : audience) {
      if (value == null || value.isBlank()) {
        throw new CaException("audience: " + audience + " (expected: no empty value)");
      }
    }
    return Set.copyOf(audience);
  }
}
