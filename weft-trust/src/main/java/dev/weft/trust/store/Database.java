package dev.weft.trust.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connections to one database, SQLite or PostgreSQL, and how to tell its errors apart. Thread safe.
 */
interface Database extends AutoCloseable {

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
