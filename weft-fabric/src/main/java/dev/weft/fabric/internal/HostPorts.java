package dev.weft.fabric.internal;

import java.net.InetSocketAddress;

/** Parses {@code host:port} (IPv6 hosts in brackets) into an unresolved socket address. */
public final class HostPorts {

  private HostPorts() {}

  /**
   * The address {@code text} names.
   *
   * @param what the field named in errors
   * @throws IllegalArgumentException in the form {@code what: "x" (expected: host:port)}
   */
  public static InetSocketAddress parse(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException(what + ": null (expected: host:port)");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw invalid(what, text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw invalid(what, text);
    }
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      throw invalid(what, text);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid(what, text);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          what + ": \"" + text + "\" (expected: host:port with a port of 0-65535)");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** {@code host:port} of an address, as {@link #parse} reads it. */
  public static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static IllegalArgumentException invalid(String what, String text) {
    return new IllegalArgumentException(what + ": \"" + text + "\" (expected: host:port)");
  }
}
