package dev.weft.policy.rego.internal.builtins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code net/url.Parse}: the parts OPA's {@code uri.parse} reads, and Go's errors ({@code
 * parse "https://h:3a9": invalid port ":3a9" after host}).
 */
final class GoUrl {

  private enum Mode {
    HOST,
    ZONE,
    PATH,
    USER,
    FRAGMENT
  }

  private static final String HEX = "0123456789ABCDEF";

  String scheme = "";
  String opaque = "";
  String host = "";
  String path = "";
  String rawPath = "";
  String rawQuery = "";
  String fragment = "";
  boolean hasUser;
  boolean forceQuery;
  boolean omitHost;

  private GoUrl() {}

  /** Parses {@code raw} as Go's {@code url.Parse} does; the failure carries Go's message. */
  static GoUrl parse(String raw) throws BuiltinException {
    int hash = raw.indexOf('#');
    String u = hash < 0 ? raw : raw.substring(0, hash);
    GoUrl url = new GoUrl();
    try {
      url.parseWithoutFragment(u);
    } catch (IllegalArgumentException e) {
      throw fail(u, e.getMessage());
    }
    if (hash >= 0) {
      try {
        url.fragment = unescape(raw.substring(hash + 1), Mode.FRAGMENT);
      } catch (IllegalArgumentException e) {
        throw fail(raw, e.getMessage());
      }
    }
    return url;
  }

  private static BuiltinException fail(String url, String message) {
    return BuiltinException.failure("parse " + GoQuote.quote(url) + ": " + message);
  }

  private void parseWithoutFragment(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("net/url: invalid control character in URL");
      }
    }
    if (raw.equals("*")) {
      path = "*";
      return;
    }
    String rest = scheme(raw);
    scheme = scheme.toLowerCase(java.util.Locale.ROOT);
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
      forceQuery = true;
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        opaque = rest;
        return;
      }
      int slash = rest.indexOf('/');
      String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        throw new IllegalArgumentException("first path segment in URL cannot contain colon");
      }
    }
    if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      rest = slash < 0 ? "" : authority.substring(slash);
      authority = slash < 0 ? authority : authority.substring(0, slash);
      authority(authority);
    } else if (!scheme.isEmpty() && rest.startsWith("/")) {
      omitHost = true;
    }
    path = unescape(rest, Mode.PATH);
    rawPath = escape(path).equals(rest) ? "" : rest;
  }

  private String scheme(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        continue;
      }
      if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          return raw;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new IllegalArgumentException("missing protocol scheme");
        }
        scheme = raw.substring(0, i);
        return raw.substring(i + 1);
      }
      return raw;
    }
    return raw;
  }

  private void authority(String authority) {
    int at = authority.lastIndexOf('@');
    host = host(at < 0 ? authority : authority.substring(at + 1));
    if (at < 0) {
      return;
    }
    String userinfo = authority.substring(0, at);
    for (int i = 0; i < userinfo.length(); i++) {
      char c = userinfo.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException("net/url: invalid userinfo");
      }
    }
    for (String part : userinfo.split(":", 2)) {
      unescape(part, Mode.USER);
    }
    hasUser = true;
  }

  private static String host(String host) {
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in host");
      }
      String colonPort = host.substring(close + 1);
      if (!validOptionalPort(colonPort)) {
        throw new IllegalArgumentException(
            "invalid port " + GoQuote.quote(colonPort) + " after host");
      }
      int zone = host.substring(0, close).indexOf("%25");
      if (zone >= 0) {
        return unescape(host.substring(0, zone), Mode.HOST)
            + unescape(host.substring(zone, close), Mode.ZONE)
            + unescape(host.substring(close), Mode.HOST);
      }
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
        throw new IllegalArgumentException(
            "invalid port " + GoQuote.quote(host.substring(colon)) + " after host");
      }
    }
    return unescape(host, Mode.HOST);
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    return port.substring(1).chars().allMatch(b -> b >= '0' && b <= '9');
  }

  /** {@code URL.Hostname()}: the host without port and brackets. */
  String hostname() {
    String h = host;
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(h.substring(colon))) {
      h = h.substring(0, colon);
    }
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** {@code URL.Port()}. */
  String port() {
    int colon = host.lastIndexOf(':');
    return colon >= 0 && validOptionalPort(host.substring(colon)) ? host.substring(colon + 1) : "";
  }

  private static boolean shouldEscape(int c, Mode mode) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return false;
    }
    if ((mode == Mode.HOST || mode == Mode.ZONE) && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
      return false;
    }
    if ("-_.~".indexOf(c) >= 0) {
      return false;
    }
    if ("$&+,/:;=?@".indexOf(c) >= 0) {
      return switch (mode) {
        case USER -> c == '@' || c == '/' || c == '?' || c == ':';
        case PATH -> c == '?';
        case FRAGMENT -> false;
        default -> true;
      };
    }
    return !(mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0);
  }

  private static String unescape(String s, Mode mode) {
    byte[] src = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
    for (int i = 0; i < src.length; i++) {
      int c = src[i] & 0xff;
      if (c == '%') {
        if (i + 2 >= src.length || hex(src[i + 1]) < 0 || hex(src[i + 2]) < 0) {
          String bad = new String(src, i, Math.min(3, src.length - i), StandardCharsets.UTF_8);
          throw new IllegalArgumentException("invalid URL escape " + GoQuote.quote(bad));
        }
        int v = hex(src[i + 1]) << 4 | hex(src[i + 2]);
        String triple = new String(src, i, 3, StandardCharsets.UTF_8);
        if (mode == Mode.HOST && hex(src[i + 1]) < 8 && !triple.equals("%25")
            || mode == Mode.ZONE
                && !triple.equals("%25")
                && v != ' '
                && shouldEscape(v, Mode.HOST)) {
          throw new IllegalArgumentException("invalid URL escape " + GoQuote.quote(triple));
        }
        out.write(v);
        i += 2;
      } else {
        if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
          throw new IllegalArgumentException(
              "invalid character " + GoQuote.quote(String.valueOf((char) c)) + " in host name");
        }
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Go's {@code URL.EscapedPath()}: the raw path when it is a valid encoding, else escaped. */
  static String escapePath(GoUrl u) {
    if (!u.rawPath.isEmpty()) {
      try {
        if (unescape(u.rawPath, Mode.PATH).equals(u.path)) {
          return u.rawPath;
        }
      } catch (IllegalArgumentException e) {
        // not a valid encoding: escape the path
      }
    }
    return u.path.equals("*") ? "*" : escape(u.path);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && !shouldEscape(c, Mode.PATH)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return out.toString();
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
