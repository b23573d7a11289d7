package dev.weft.identity.spiffeid;

import java.nio.charset.StandardCharsets;

/**
 * The rules of the SPIFFE ID standard, shared by {@link SpiffeId} and {@link TrustDomain}. Each
 * check returns the first rule its input breaks, scanning left to right, or null.
 */
final class Syntax {
  static final String SCHEME_PREFIX = "spiffe://";
  static final int MAX_ID_BYTES = 2048;
  static final int MAX_TRUST_DOMAIN_BYTES = 255;

  private Syntax() {}

  static boolean isTrustDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  }

  static boolean isPathChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_';
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Checks a whole SPIFFE ID, {@code spiffe://<trust-domain>[/<path>]}. */
  static SpiffeIdRule idViolation(String input) {
    if (input.isEmpty()) {
      return SpiffeIdRule.EMPTY;
    }
    if (utf8Length(input) > MAX_ID_BYTES) {
      return SpiffeIdRule.TOO_LONG;
    }
    if (!input.startsWith(SCHEME_PREFIX)) {
      return SpiffeIdRule.SCHEME;
    }
    SpiffeIdRule broken = trustDomainViolation(authorityOf(input));
    return broken != null ? broken : pathViolation(pathOf(input));
  }

  /** The authority of an ID that starts with the scheme prefix: up to the first '/'. */
  static String authorityOf(String id) {
    int start = SCHEME_PREFIX.length();
    int slash = id.indexOf('/', start);
    return slash < 0 ? id.substring(start) : id.substring(start, slash);
  }

  /** The path of an ID that starts with the scheme prefix: "" or from the first '/' on. */
  static String pathOf(String id) {
    int slash = id.indexOf('/', SCHEME_PREFIX.length());
    return slash < 0 ? "" : id.substring(slash);
  }

  /**
   * Checks a trust domain name (the authority of an ID). The URI delimiters get their own rules so
   * that "example.org:8443" says "port", not "bad character"; user info is looked for first, since
   * "user:secret@host" is user info, not a port.
   */
  static SpiffeIdRule trustDomainViolation(String name) {
    if (name.isEmpty()) {
      return SpiffeIdRule.MISSING_TRUST_DOMAIN;
    }
    if (name.indexOf('@') >= 0) {
      return SpiffeIdRule.USER_INFO;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isTrustDomainChar(c)) {
        return switch (c) {
          case ':' -> SpiffeIdRule.PORT;
          case '?' -> SpiffeIdRule.QUERY;
          case '#' -> SpiffeIdRule.FRAGMENT;
          case '%' -> SpiffeIdRule.PERCENT_ENCODING;
          default -> SpiffeIdRule.TRUST_DOMAIN_CHARACTERS;
        };
      }
    }
    if (utf8Length(name) > MAX_TRUST_DOMAIN_BYTES) {
      return SpiffeIdRule.TRUST_DOMAIN_TOO_LONG;
    }
    return null;
  }

  /** Checks a path, "" or "/seg/seg". */
  static SpiffeIdRule pathViolation(String path) {
    if (path.isEmpty()) {
      return null;
    }
    if (path.charAt(0) != '/') {
      return SpiffeIdRule.PATH_LEADING_SLASH;
    }
    int segmentStart = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        String segment = path.substring(segmentStart, i);
        if (segment.isEmpty()) {
          return i == path.length() ? SpiffeIdRule.TRAILING_SLASH : SpiffeIdRule.EMPTY_SEGMENT;
        }
        if (segment.equals(".") || segment.equals("..")) {
          return SpiffeIdRule.DOT_SEGMENT;
        }
        segmentStart = i + 1;
      } else if (!isPathChar(path.charAt(i))) {
        return pathCharRule(path.charAt(i));
      }
    }
    return null;
  }

  /** Checks one path segment given on its own (no '/' allowed inside). */
  static SpiffeIdRule segmentViolation(String segment) {
    if (segment.isEmpty()) {
      return SpiffeIdRule.EMPTY_SEGMENT;
    }
    for (int i = 0; i < segment.length(); i++) {
      if (!isPathChar(segment.charAt(i))) {
        return pathCharRule(segment.charAt(i));
      }
    }
    if (segment.equals(".") || segment.equals("..")) {
      return SpiffeIdRule.DOT_SEGMENT;
    }
    return null;
  }

  /** In a path, ':' and '@' are plain (bad) characters; '?', '#' and '%' start URI parts. */
  private static SpiffeIdRule pathCharRule(char c) {
    return switch (c) {
      case '?' -> SpiffeIdRule.QUERY;
      case '#' -> SpiffeIdRule.FRAGMENT;
      case '%' -> SpiffeIdRule.PERCENT_ENCODING;
      default -> SpiffeIdRule.PATH_CHARACTERS;
    };
  }
}
