package dev.weft.controller;

import java.net.InetSocketAddress;

/** {@code host:port} text, as configuration files and the control channel carry it. */
final class Endpoints {

  static final String EXPECTED = "host:port, such as 127.0.0.1:7500 or [::1]:7500";

  private Endpoints() {}

  /** Parses {@code host:port} (port 0 to 65535) without resolving the host. */
  static InetSocketAddress parse(String what, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.length() > 255) {
      throw invalid(what, text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw invalid(what, text);
    }
    if (host.isEmpty() || !host.chars().allMatch(Endpoints::hostChar)) {
      throw invalid(what, text);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid(what, text);
    }
    if (port < 0 || port > 65_535) {
      throw invalid(what, text);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** {@code host:port}, with brackets around an IPv6 host. */
  static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static boolean hostChar(int c) {
    return c < 128
        && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '_');
  }

  private static IllegalArgumentException invalid(String what, String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return new IllegalArgumentException(what + ": \"" + shown + "\" (expected: " + EXPECTED + ")");
  }
}
