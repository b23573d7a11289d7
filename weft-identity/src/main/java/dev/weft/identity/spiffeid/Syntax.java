package dev.weft.identity.spiffeid;

import java.nio.charset.StandardCharsets;

/** The character-level rules shared by {@link SpiffeId} and {@link TrustDomain}. */
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

  /**
   * Checks a trust domain name and returns null, or the rule it breaks. The URI delimiters get
   * their own rules so that "example.org:8443" says "port", not "bad character".
   */
  static SpiffeIdRule trustDomainViolation(String name) {
    if (name.isEmpty()) {
      return SpiffeIdRule.MISSING_TRUST_DOMAIN;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isTrustDomainChar(c)) {
        return delimiterRule(c, SpiffeIdRule.TRUST_DOMAIN_CHARACTERS);
      }
    }
    if (utf8Length(name) > MAX_TRUST_DOMAIN_BYTES) {
      return SpiffeIdRule.TRUST_DOMAIN_TOO_LONG;
    }
    return null;
  }

  /** Checks a path ("" or "/seg/seg") and returns null, or the rule it breaks. */
  static SpiffeIdRule pathViolation(String path) {
    if (path.isEmpty()) {
      return null;
    }
    if (path.charAt(0) != '/') {
      return SpiffeIdRule.PATH_CHARACTERS;
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
        continue;
      }
      char c = path.charAt(i);
      if (!isPathChar(c)) {
        return delimiterRule(c, SpiffeIdRule.PATH_CHARACTERS);
      }
    }
    return null;
  }

  private static SpiffeIdRule delimiterRule(char c, SpiffeIdRule otherwise) {
    return switch (c) {
      case ':' -> SpiffeIdRule.PORT;
      case '@' -> SpiffeIdRule.USER_INFO;
      case '?' -> SpiffeIdRule.QUERY;
      case '#' -> SpiffeIdRule.FRAGMENT;
      case '%' -> SpiffeIdRule.PERCENT_ENCODING;
      default -> otherwise;
    };
  }
}
