package dev.weft.controller.state;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema in the PostgreSQL database named by {@code WEFT_TEST_POSTGRES_URL} (start one with
 * {@code scripts/postgres-for-tests.sh}), as weft-trust's store tests use. Without it the test is
 * skipped, unless {@code CI=true}, where it fails: CI must run the PostgreSQL path.
 */
final class PostgresStateFixture implements StateFixture {
  static final String URL_VARIABLE = "WEFT_TEST_POSTGRES_URL";

  private final String baseUrl;
  private final String schema;

  PostgresStateFixture() throws SQLException {
    baseUrl = requireUrl();
    schema = "weft_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  /** The URL of the test database; skips the test (or fails it on CI) when there is none. */
  static String requireUrl() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(
            URL_VARIABLE
                + " is not set, but CI=true requires the PostgreSQL store tests: run"
                + " `eval \"$(scripts/postgres-for-tests.sh)\"` before the build");
      }
      assumeTrue(
          false,
          URL_VARIABLE
              + " is not set: PostgreSQL store tests skipped (start a"
              + " database with `eval \"$(scripts/postgres-for-tests.sh)\"`)");
    }
    return url;
  }

  @Override
  public String connection() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  public Connection raw() throws SQLException {
    return DriverManager.getConnection(connection());
  }

  @Override
  public void failInsertsOf(String table, String name) throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION "
              + schema
              + ".weft_test_fail_"
              + table
              + "() RETURNS trigger AS $$ BEGIN IF NEW.name = '"
              + name
              + "' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$"
              + " LANGUAGE plpgsql");
      s.execute(
          "CREATE TRIGGER weft_test_fail BEFORE INSERT ON "
              + schema
              + "."
              + table
              + " FOR EACH ROW EXECUTE FUNCTION "
              + schema
              + ".weft_test_fail_"
              + table
              + "()");
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
