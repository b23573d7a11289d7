package dev.weft.trust.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One empty database for one test, SQLite or PostgreSQL, and raw access to it. */
interface StoreFixture extends AutoCloseable {

  /** The connection string for {@link DataStore#open}; the same on every call. */
  String connection();

  /** A plain JDBC connection to the same database, for setting up faults and for checks. */
  Connection raw() throws SQLException;

  /** Installs a trigger that aborts every insert of a selector whose value is {@code value}. */
  void failSelectorInsertsOf(String value) throws SQLException;

  /** Deletes the database. */
  @Override
  void close() throws java.io.IOException, SQLException;
}
