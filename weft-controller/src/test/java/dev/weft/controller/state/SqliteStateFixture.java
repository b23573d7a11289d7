package dev.weft.controller.state;

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
final class SqliteStateFixture implements StateFixture {
  private final Path dir;
  private final Path file;

  SqliteStateFixture() throws IOException {
    dir = Files.createTempDirectory("weft-controller-state-");
    file = dir.resolve("state").resolve("controller.sqlite3");
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
  public void failInsertsOf(String table, String name) throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER weft_test_fail_"
              + table
              + " BEFORE INSERT ON "
              + table
              + " WHEN NEW.name = '"
              + name
              + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
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
