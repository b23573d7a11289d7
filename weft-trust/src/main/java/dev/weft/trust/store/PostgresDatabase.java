package dev.weft.trust.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A PostgreSQL database reached through a HikariCP connection pool. */
final class PostgresDatabase implements Database {
  static final int POOL_SIZE = 10;

  private final ConnectionString.Postgres connection;
  private final HikariDataSource pool;

  PostgresDatabase(ConnectionString.Postgres connection) throws StoreException {
    this.connection = connection;
    HikariConfig config = new HikariConfig();
    config.setPoolName("weft-datastore");
    config.setJdbcUrl(connection.url());
    connection.user().ifPresent(config::setUsername);
    connection.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setAutoCommit(true);
    config.setConnectionTimeout(10_000);
    try {
      this.pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StoreException(
          StoreException.Kind.UNAVAILABLE,
          Redaction.redact(
              "data store " + display() + ": cannot connect: " + cause.getMessage(),
              connection.password()),
          e);
    }
  }

  @Override
  public DataSource migrationSource() {
    return pool;
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException, StoreException {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  public <T> T write(Work<T> work) throws SQLException, StoreException {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      return Database.inTransaction(c, work);
    }
  }

  private void checkOpen() throws StoreException {
    if (pool.isClosed()) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "data store: closed");
    }
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  @Override
  public String display() {
    return connection.display();
  }

  @Override
  public void close() {
    pool.close();
  }
}
