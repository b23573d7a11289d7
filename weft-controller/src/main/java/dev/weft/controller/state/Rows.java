package dev.weft.controller.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Statements with string parameters, and stored rows read back as records. */
final class Rows {
  private Rows() {}

  /** Reads one row as a record. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs one statement with string parameters (null for SQL NULL); the update count. */
  static int update(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /**
   * The rows {@code sql} selects, as records; a row the records reject is a database failure (the
   * stored data was changed by something else).
   */
  static <T> List<T> query(Connection c, String sql, Mapper<T> mapper, String... params)
      throws SQLException {
    List<T> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            result.add(mapper.map(rs));
          } catch (IllegalArgumentException e) {
            throw new SQLException("stored row is unreadable: " + e.getMessage(), e);
          }
        }
      }
    }
    return List.copyOf(result);
  }

  private static void bind(PreparedStatement ps, String... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setString(i + 1, params[i]);
    }
  }
}
