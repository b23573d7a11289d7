package dev.weft.controller.state;

import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.util.Objects;

/** Argument checks shared by the records and the store, with messages in one format. */
final class Check {
  static final String ID_EXPECTED = "1-63 characters of [A-Za-z0-9._-]";
  static final int MAX_ENDPOINT_LENGTH = 255;

  private Check() {}

  /**
   * A node id, domain or segment name: 1-63 characters of {@code [A-Za-z0-9._-]}.
   *
   * @throws IllegalArgumentException {@code what: "x" (expected: ...)}
   */
  static String id(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException(what + ": null (expected: " + ID_EXPECTED + ")");
    }
    boolean ok = !text.isEmpty() && text.length() <= 63;
    for (int i = 0; ok && i < text.length(); i++) {
      char c = text.charAt(i);
      ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException(
          what + ": " + quote(text) + " (expected: " + ID_EXPECTED + ")");
    }
    return text;
  }

  /**
   * A fabric name ({@code org/namespace/service} or {@code org/namespace/service/id}).
   *
   * @throws IllegalArgumentException {@code what: name: "x" (expected: ...)}
   */
  static String name(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          what + ": null (expected: org/namespace/service or org/namespace/service/id)");
    }
    try {
      return Name.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * A {@code host:port} of at most {@value #MAX_ENDPOINT_LENGTH} characters, an IPv6 host in
   * brackets, a port of 0-65535.
   */
  static String endpoint(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException(what + ": null (expected: host:port)");
    }
    if (text.length() > MAX_ENDPOINT_LENGTH) {
      throw new IllegalArgumentException(
          what
              + ": "
              + quote(text)
              + " (expected: host:port of at most "
              + MAX_ENDPOINT_LENGTH
              + " characters)");
    }
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = "";
    }
    String port = colon < 0 ? "" : text.substring(colon + 1);
    if (host.isEmpty()
        || host.chars().anyMatch(Character::isWhitespace)
        || port.isEmpty()
        || port.length() > 5
        || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(what + ": " + quote(text) + " (expected: host:port)");
    }
    if (Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          what + ": " + quote(text) + " (expected: host:port with a port of 0-65535)");
    }
    return text;
  }

  /** A SPIFFE ID. */
  static String spiffeId(String what, String text) {
    Objects.requireNonNull(text, what);
    try {
      return SpiffeId.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + ": " + quote(text) + " (expected: spiffe://<trust domain>/<path>)", e);
    }
  }

  /** {@code text} in double quotes, cut after 100 characters. */
  static String quote(String text) {
    return '"' + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + '"';
  }
}
