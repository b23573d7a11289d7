package dev.weft.trust.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** A SQLite file in a fresh temporary directory. */
final class SqliteFixture implements StoreFixture {
  private final Path dir;
  private final Path file;

  SqliteFixture() throws IOException {
    dir = Files.createTempDirectory("weft-store-");
    file = dir.resolve("state").resolve("datastore.sqlite3");
  }

  Path file() {
    return file;
  }

  @Override
  public String connection() {
    return file.toString();
  }

  @Override
  public Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @Override
  public void failSelectorInsertsOf(String value) throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER weft_test_fail BEFORE INSERT ON entry_selectors"
              + " WHEN NEW.selector_value = '"
              + value
              + "'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
