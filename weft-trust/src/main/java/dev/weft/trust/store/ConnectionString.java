package dev.weft.trust.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a data store lives, parsed from {@link DataStore#open}'s connection string (see {@link
 * #parse}).
 */
public sealed interface ConnectionString {
  String EXPECTED =
      "a SQLite file path, jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>";

  /** A SQLite database file. */
  record Sqlite(Path file) implements ConnectionString {
    @Override
    public String display() {
      return file.toString();
    }

    @Override
    public String redact(String message) {
      return Redaction.redact(message, Optional.empty());
    }
  }

  /**
   * A PostgreSQL database.
   *
   * @param url the JDBC URL without user and password parameters
   */
  record Postgres(String url, Optional<String> user, Optional<String> password)
      implements ConnectionString {
    @Override
    public String display() {
      return url;
    }

    @Override
    public String redact(String message) {
      return Redaction.redact(message, password);
    }

    /** Leaves out the password. */
    @Override
    public String toString() {
      return "Postgres[" + url + ", user=" + user.orElse("") + "]";
    }
  }

  /** The connection without credentials, for messages. */
  String display();

  /**
   * {@code message} (for example a driver's error) with this connection's password, if any,
   * replaced by {@code ***}; never null.
   */
  String redact(String message);

  /**
   * Parses a connection string: a SQLite file path, {@code jdbc:sqlite:<file>}, or {@code
   * jdbc:postgresql://host:port/database}, which may carry {@code user} and {@code password}
   * parameters; {@code user} and {@code password}, when not null, override those.
   *
   * @throws StoreException {@code INVALID}, naming what was wrong and what is {@link #EXPECTED}
   */
  static ConnectionString parse(String connection, String user, String password)
      throws StoreException {
    if (connection == null || connection.isBlank()) {
      throw invalid("empty");
    }
    if (connection.startsWith("jdbc:postgresql:")) {
      return postgres(connection, user, password);
    }
    String file = connection;
    if (connection.startsWith("jdbc:sqlite:")) {
      file = connection.substring("jdbc:sqlite:".length());
    } else if (connection.startsWith("jdbc:")
        || connection.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw invalid(quote(schemeOf(connection)) + " is not supported");
    }
    if (file.isEmpty() || file.contains(":memory:") || file.startsWith("file:")) {
      throw invalid(
          quote(connection) + " is not a file (an in-memory or URI database is not supported)");
    }
    try {
      return new Sqlite(Path.of(file));
    } catch (InvalidPathException e) {
      throw invalid(quote(connection) + " is not a valid path");
    }
  }

  private static Postgres postgres(String connection, String user, String password) {
    int q = connection.indexOf('?');
    String base = q < 0 ? connection : connection.substring(0, q);
    String urlUser = null;
    String urlPassword = null;
    List<String> kept = new ArrayList<>();
    if (q >= 0) {
      for (String param : connection.substring(q + 1).split("&")) {
        if (param.isEmpty()) {
          continue;
        }
        int eq = param.indexOf('=');
        String name = eq < 0 ? param : param.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
        switch (name) {
          case "user" -> urlUser = value;
          case "password" -> urlPassword = value;
          default -> kept.add(param);
        }
      }
    }
    String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
    return new Postgres(
        url,
        Optional.ofNullable(user != null ? user : urlUser),
        Optional.ofNullable(password != null ? password : urlPassword));
  }

  private static String schemeOf(String connection) {
    int colon = connection.indexOf(':', connection.startsWith("jdbc:") ? 5 : 0);
    return colon < 0 ? connection : connection.substring(0, colon + 1);
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }

  private static StoreException invalid(String problem) {
    return new StoreException(
        StoreException.Kind.INVALID,
        "data store connection: " + problem + " (expected: " + EXPECTED + ")");
  }
}
