package dev.weft.trust.store;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A SQLite file in WAL mode, used through one connection that all threads share in turn.
 * Transactions are {@code BEGIN IMMEDIATE}, and other processes that open the same file wait up to
 * {@link #BUSY_TIMEOUT_MS} for the lock.
 */
final class SqliteDatabase implements Database {
  static final int BUSY_TIMEOUT_MS = 10_000;

  private final Path file;
  private final SQLiteDataSource dataSource;
  private final ReentrantLock lock = new ReentrantLock();

  /** Opened after migration, null once closed. */
  @GuardedBy("lock")
  private Connection connection;

  @GuardedBy("lock")
  private boolean closed;

  SqliteDatabase(Path file) throws StoreException {
    this.file = file.toAbsolutePath().normalize();
    Path dir = this.file.getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Kind.UNAVAILABLE,
          "data store " + this.file + ": cannot create directory " + dir + ": " + e.getMessage(),
          e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    this.dataSource = new SQLiteDataSource(config);
    this.dataSource.setUrl("jdbc:sqlite:" + this.file);
  }

  @Override
  public DataSource migrationSource() {
    return dataSource;
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException, StoreException {
    lock.lock();
    try {
      return work.run(connection());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T write(Work<T> work) throws SQLException, StoreException {
    lock.lock();
    try {
      return Database.inTransaction(connection(), work);
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private Connection connection() throws SQLException, StoreException {
    if (closed) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "data store: closed");
    }
    if (connection == null) {
      connection = dataSource.getConnection();
    }
    return connection;
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    return e instanceof SQLiteException s
        && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  @Override
  public String display() {
    return file.toString();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (connection != null) {
        connection.close();
        connection = null;
      }
    } catch (SQLException e) {
      // closing a SQLite connection releases file handles; nothing useful to do on failure
    } finally {
      lock.unlock();
    }
  }
}
