package dev.weft.trust.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Connections to one database, SQLite or PostgreSQL, and how to tell its errors apart. Thread safe.
 *
 * <p>The trust server's {@link DataStore} is built on it; other components open their own with
 * {@link #open} and their own {@link Schema}, so that several can keep their tables in one
 * database. A SQLite database is one file shared by all threads through one connection (writes are
 * {@code BEGIN IMMEDIATE}); a PostgreSQL database is reached through a pool of ten connections.
 */
public interface Database extends AutoCloseable {

  /**
   * The tables a component keeps in a database: its Flyway migrations and the table that records
   * which of them ran.
   *
   * @param owner the class whose class loader finds the migrations
   * @param migrations the Flyway location of the migrations, such as {@code
   *     classpath:dev/weft/controller/state/migration}
   * @param historyTable the Flyway schema history table; one per component that shares a database
   * @param shared whether the database may already hold another component's tables: if so, the
   *     first migration runs on a database that is not empty instead of failing
   */
  record Schema(Class<?> owner, String migrations, String historyTable, boolean shared) {
    public Schema {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(migrations, "migrations");
      Objects.requireNonNull(historyTable, "historyTable");
    }
  }

  /**
   * Opens the database at {@code connection} (creating a SQLite file and its parent directories if
   * needed) and migrates {@code schema} in it.
   *
   * @throws StoreException {@code UNAVAILABLE} if the database cannot be reached or migrated; the
   *     message names the database and carries no password
   */
  static Database open(ConnectionString connection, Schema schema) throws StoreException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(schema, "schema");
    Database db =
        switch (connection) {
          case ConnectionString.Postgres pg -> new PostgresDatabase(pg);
          case ConnectionString.Sqlite sqlite -> new SqliteDatabase(sqlite.file());
        };
    try {
      var flyway =
          Flyway.configure(schema.owner().getClassLoader())
              .dataSource(db.migrationSource())
              .locations(schema.migrations())
              .table(schema.historyTable());
      if (schema.shared()) {
        flyway.baselineOnMigrate(true).baselineVersion("0");
      }
      flyway.load().migrate();
    } catch (FlywayException e) {
      db.close();
      throw new StoreException(
          StoreException.Kind.UNAVAILABLE,
          connection.redact(
              "data store " + db.display() + ": schema migration failed: " + e.getMessage()),
          e);
    }
    return db;
  }

  /** Work against one connection; may throw a {@link StoreException} to abort. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException, StoreException;
  }

  /** A data source for the schema migration, used once before any other call. */
  DataSource migrationSource();

  /** Runs {@code work} on a connection in auto-commit mode (for single-statement reads). */
  <T> T read(Work<T> work) throws SQLException, StoreException;

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  <T> T write(Work<T> work) throws SQLException, StoreException;

  /** Whether {@code e} reports a violated unique or primary key constraint. */
  boolean isUniqueViolation(SQLException e);

  /** The connection, as shown in messages (never with credentials). */
  String display();

  @Override
  void close();

  /** Commits {@code work} on {@code c}, which is in auto-commit mode, or rolls it back. */
  static <T> T inTransaction(Connection c, Work<T> work) throws SQLException, StoreException {
    c.setAutoCommit(false);
    boolean done = false;
    try {
      T result = work.run(c);
      c.commit();
      done = true;
      return result;
    } finally {
      if (!done) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          // the original failure matters more; the connection is reset below or discarded
        }
      }
      c.setAutoCommit(true);
    }
  }
}
