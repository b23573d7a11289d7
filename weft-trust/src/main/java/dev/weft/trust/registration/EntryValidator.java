package dev.weft.trust.registration;

import dev.weft.identity.spiffeid.TrustDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a registration entry must meet before the trust server stores it:
 *
 * <ul>
 *   <li>{@code spiffe_id} is in the server's trust domain, is not the trust domain's own ID, and is
 *       not reserved: {@code /weft/server} is the trust server's ID and {@code /weft/agent/...} are
 *       node agents' IDs, which the node API trusts as such;
 *   <li>{@code parent_id} is in the server's trust domain;
 *   <li>at least one selector;
 *   <li>{@code x509_svid_ttl} and {@code jwt_svid_ttl} are from 0 (the server default) to {@link
 *       #MAX_TTL};
 *   <li>at most {@link #MAX_DNS_NAMES} DNS names (as many as the CA signs), each an RFC 1123 host
 *       name of at most 253 characters, optionally starting with one {@code *.} wildcard label;
 *   <li>{@code federates_with} does not name the server's own trust domain;
 *   <li>{@code hint} has at most {@link #MAX_HINT_LENGTH} characters.
 * </ul>
 */
public final class EntryValidator {
  /** The longest SVID lifetime an entry may ask for: 30 days. */
  public static final Duration MAX_TTL = Duration.ofDays(30);

  /** The longest hint, in characters. */
  public static final int MAX_HINT_LENGTH = 1024;

  /** The most DNS names an entry may have. */
  public static final int MAX_DNS_NAMES = 100;

  /** The longest DNS name, in characters. */
  public static final int MAX_DNS_NAME_LENGTH = 253;

  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final int SHOWN_CHARACTERS = 64;

  private EntryValidator() {}

  /**
   * Checks {@code entry} against every rule.
   *
   * @param serverTrustDomain the trust domain of the server that would store the entry
   * @throws InvalidEntryException naming every field that breaks a rule
   */
  public static void validate(RegistrationEntry entry, TrustDomain serverTrustDomain)
      throws InvalidEntryException {
    List<String> problems = new ArrayList<>();
    String inDomain = "a SPIFFE ID in trust domain " + serverTrustDomain;
    if (!entry.spiffeId().isMemberOf(serverTrustDomain)) {
      problems.add(problem("spiffe_id", entry.spiffeId(), inDomain));
    } else if (entry.spiffeId().path().isEmpty()) {
      problems.add(
          problem(
              "spiffe_id",
              entry.spiffeId(),
              "a path after the trust domain, such as " + serverTrustDomain.idString() + "/web"));
    } else if (isReserved(entry.spiffeId().segments())) {
      problems.add(
          problem(
              "spiffe_id",
              entry.spiffeId(),
              "not an ID reserved to the trust server ("
                  + serverTrustDomain.idString()
                  + "/weft/server)"
                  + " or its agents ("
                  + serverTrustDomain.idString()
                  + "/weft/agent/...)"));
    }
    if (!entry.parentId().isMemberOf(serverTrustDomain)) {
      problems.add(problem("parent_id", entry.parentId(), inDomain));
    }
    if (entry.selectors().isEmpty()) {
      problems.add(problem("selectors", "[]", "at least one selector, such as unix:uid:1000"));
    }
    checkTtl(problems, "x509_svid_ttl", entry.x509SvidTtl());
    checkTtl(problems, "jwt_svid_ttl", entry.jwtSvidTtl());
    if (entry.dnsNames().size() > MAX_DNS_NAMES) {
      problems.add(
          problem("dns_names", entry.dnsNames().size() + " names", "at most " + MAX_DNS_NAMES));
    }
    for (int i = 0; i < entry.dnsNames().size(); i++) {
      String name = entry.dnsNames().get(i);
      String field = "dns_names[" + i + "]";
      if (name.length() > MAX_DNS_NAME_LENGTH) {
        problems.add(
            problem(
                field,
                shown(name) + " (" + name.length() + " characters)",
                "at most " + MAX_DNS_NAME_LENGTH + " characters"));
      } else if (!isDnsName(name)) {
        problems.add(
            problem(
                field,
                shown(name),
                "an RFC 1123 host name such as web.example.org, optionally starting with \"*.\""));
      }
    }
    if (entry.federatesWith().contains(serverTrustDomain)) {
      problems.add(
          problem(
              "federates_with", serverTrustDomain, "trust domains other than the server's own"));
    }
    if (entry.hint().length() > MAX_HINT_LENGTH) {
      problems.add(
          problem("hint", entry.hint().length() + " characters", "at most " + MAX_HINT_LENGTH));
    }
    if (!problems.isEmpty()) {
      throw new InvalidEntryException(problems);
    }
  }

  /**
   * Whether {@code name} is an RFC 1123 host name (labels of letters, digits and '-', 1 to 63
   * characters, not starting or ending with '-'), optionally after one {@code *.}, at most 253
   * characters.
   */
  public static boolean isDnsName(String name) {
    if (name.length() > MAX_DNS_NAME_LENGTH) {
      return false;
    }
    String host = name.startsWith("*.") ? name.substring(2) : name;
    if (host.isEmpty()) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Whether a path is the trust server's ({@code /weft/server}) or in the agents' namespace. */
  private static boolean isReserved(List<String> segments) {
    if (segments.size() < 2 || !segments.get(0).equals("weft")) {
      return false;
    }
    return segments.get(1).equals("agent")
        || (segments.get(1).equals("server") && segments.size() == 2);
  }

  private static void checkTtl(List<String> problems, String field, Duration ttl) {
    if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
      problems.add(problem(field, ttl, "from 0 (the server default) to " + MAX_TTL + " (30 days)"));
    }
  }

  private static String shown(String value) {
    String cut =
        value.length() > SHOWN_CHARACTERS ? value.substring(0, SHOWN_CHARACTERS) + "..." : value;
    return '"' + cut + '"';
  }

  private static String problem(String field, Object value, String expected) {
    return "entry." + field + ": " + value + " (expected: " + expected + ")";
  }
}
