package dev.weft.trust.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL connection strings: a JDBC URL ({@code jdbc:postgresql://host:port/db?...}) is kept; a
 * libpq URL ({@code postgresql://user:password@host:port/db?...} or {@code postgres://}) is
 * converted to one, user and password becoming parameters.
 */
final class PostgresUrl {
  static final String JDBC_PREFIX = "jdbc:postgresql://";
  static final String EXPECTED =
      "a JDBC URL jdbc:postgresql://host:port/database or a URL"
          + " postgresql://user:password@host:port/database";

  private PostgresUrl() {}

  /** The JDBC URL for {@code connection}, if it is one of the two forms. */
  static Optional<String> toJdbc(String connection) {
    if (connection.startsWith(JDBC_PREFIX) && connection.length() > JDBC_PREFIX.length()) {
      return Optional.of(connection);
    }
    String rest;
    if (connection.startsWith("postgresql://")) {
      rest = connection.substring("postgresql://".length());
    } else if (connection.startsWith("postgres://")) {
      rest = connection.substring("postgres://".length());
    } else {
      return Optional.empty();
    }
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    String beforeQuery = q < 0 ? rest : rest.substring(0, q);
    int slash = beforeQuery.indexOf('/');
    String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at);
    String hosts = at < 0 ? authority : authority.substring(at + 1);
    List<String> params = new ArrayList<>();
    if (!userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      params.add("user=" + reencode(user));
      if (colon >= 0) {
        params.add("password=" + reencode(userInfo.substring(colon + 1)));
      }
    }
    if (!query.isEmpty()) {
      params.add(query);
    }
    String url = JDBC_PREFIX + (hosts.isEmpty() ? "localhost" : hosts) + "/" + database;
    return Optional.of(params.isEmpty() ? url : url + "?" + String.join("&", params));
  }

  /** {@code connection} with any password (in user info or a {@code password} parameter) masked. */
  static String redact(String connection) {
    String masked = connection.replaceAll("((?:^|[?&\\s])password=)[^&\\s]*", "$1***");
    int scheme = masked.indexOf("://");
    if (scheme < 0) {
      return masked;
    }
    int authorityEnd = masked.length();
    for (char c : new char[] {'/', '?'}) {
      int i = masked.indexOf(c, scheme + 3);
      if (i >= 0 && i < authorityEnd) {
        authorityEnd = i;
      }
    }
    int at = masked.lastIndexOf('@', authorityEnd);
    int colon = masked.indexOf(':', scheme + 3);
    if (at > scheme && colon > 0 && colon < at) {
      masked = masked.substring(0, colon + 1) + "***" + masked.substring(at);
    }
    return masked;
  }

  private static String reencode(String percentEncoded) {
    return URLEncoder.encode(
        URLDecoder.decode(percentEncoded, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
