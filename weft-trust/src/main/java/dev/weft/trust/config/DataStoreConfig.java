package dev.weft.trust.config;

import dev.weft.config.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The trust server's data store ({@code plugins.data_store.sql}).
 *
 * @param databaseType {@code sqlite3} (the default) or {@code postgres}
 * @param connectionString for SQLite the database file (default {@code
 *     <data_dir>/datastore.sqlite3}; a relative {@code connection_string} in a file is relative to
 *     {@code data_dir}); for PostgreSQL a {@code jdbc:postgresql://} URL. Either way what {@code
 *     DataStore.open} takes.
 */
public record DataStoreConfig(DatabaseType databaseType, String connectionString) {
  /** The default SQLite file name inside {@code data_dir}. */
  public static final String DEFAULT_SQLITE_FILE = "datastore.sqlite3";

  /** {@code database_type}. */
  public enum DatabaseType {
    SQLITE3("sqlite3"),
    POSTGRES("postgres");

    private final String configName;

    DatabaseType(String configName) {
      this.configName = configName;
    }

    /** The name in configuration files. */
    public String configName() {
      return configName;
    }
  }

  /**
   * @throws IllegalArgumentException if a PostgreSQL connection string is not a JDBC URL
   */
  public DataStoreConfig {
    Objects.requireNonNull(databaseType, "databaseType");
    Objects.requireNonNull(connectionString, "connectionString");
    Problem.throwIfAny(problems(databaseType, connectionString));
  }

  /** A SQLite database in {@code file}. */
  public static DataStoreConfig sqlite(Path file) {
    return new DataStoreConfig(DatabaseType.SQLITE3, file.toString());
  }

  /**
   * A PostgreSQL database at {@code url}: {@code jdbc:postgresql://...}, or {@code
   * postgresql://user:password@host:port/db} which is converted to a JDBC URL.
   *
   * @throws IllegalArgumentException if {@code url} is neither
   */
  public static DataStoreConfig postgres(String url) {
    return new DataStoreConfig(DatabaseType.POSTGRES, PostgresUrl.toJdbc(url).orElse(url));
  }

  static List<Problem> problems(DatabaseType type, String connectionString) {
    List<Problem> problems = new ArrayList<>();
    String key = "plugins.data_store.sql.connection_string";
    if (type == DatabaseType.POSTGRES && !connectionString.startsWith(PostgresUrl.JDBC_PREFIX)) {
      problems.add(
          new Problem(
              key, Problem.show(PostgresUrl.redact(connectionString)), PostgresUrl.EXPECTED));
    } else if (connectionString.isEmpty()) {
      problems.add(Problem.missing(key, "a SQLite database file"));
    }
    return problems;
  }

  /** Masks a password in the connection string. */
  @Override
  public String toString() {
    return "DataStoreConfig[databaseType="
        + databaseType.configName()
        + ", connectionString="
        + PostgresUrl.redact(connectionString)
        + "]";
  }
}
