package dev.weft.controller.state;

import java.sql.Connection;
import java.sql.SQLException;

/** One empty database for one test, SQLite or PostgreSQL, and raw access to it. */
interface StateFixture extends AutoCloseable {

  /** The connection string for {@link ControllerStore#open}; the same on every call. */
  String connection();

  /** A plain JDBC connection to the same database, for setting up faults and for checks. */
  Connection raw() throws SQLException;

  /** Installs a trigger that aborts every insert into {@code table} of a row named {@code name}. */
  void failInsertsOf(String table, String name) throws SQLException;

  /** Deletes the database. */
  @Override
  void close() throws java.io.IOException, SQLException;
}
