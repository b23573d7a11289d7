package dev.weft.trust.store;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reading attested agents and bundles back from their tables. */
final class StateTables {
  private StateTables() {}

  static List<AttestedNode> agents(Connection c, String where, String... params)
      throws SQLException {
    List<AttestedNode> agents = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT spiffe_id, serial_number, svid_expires_at, attested_at, banned,"
                + " new_serial_number, new_svid_expires_at"
                + " FROM attested_agents"
                + where)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          agents.add(
              new AttestedNode(
                  spiffeId(rs.getString(1)),
                  rs.getString(2),
                  Instant.ofEpochMilli(rs.getLong(3)),
                  Instant.ofEpochMilli(rs.getLong(4)),
                  rs.getBoolean(5),
                  java.util.Optional.ofNullable(rs.getString(6)),
                  newExpiry(rs)));
        }
      }
    }
    agents.sort(Comparator.comparing(a -> a.id().toString()));
    return agents;
  }

  private static java.util.Optional<Instant> newExpiry(ResultSet rs) throws SQLException {
    long millis = rs.getLong(7);
    return rs.wasNull()
        ? java.util.Optional.empty()
        : java.util.Optional.of(Instant.ofEpochMilli(millis));
  }

  static List<TrustBundle> bundles(Connection c, String where, String... params)
      throws SQLException {
    List<TrustBundle> bundles = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT trust_domain, document FROM bundles" + where)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          try {
            bundles.add(SpiffeBundleFormat.parse(TrustDomain.parse(name), rs.getString(2)));
          } catch (BundleException | IllegalArgumentException e) {
            throw new SQLException(
                "stored bundle of " + name + " is unreadable: " + e.getMessage(), e);
          }
        }
      }
    }
    bundles.sort(Comparator.comparing(TrustBundle::trustDomain));
    return bundles;
  }

  static SpiffeId spiffeId(String stored) throws SQLException {
    try {
      return SpiffeId.parse(stored);
    } catch (IllegalArgumentException e) {
      throw new SQLException("stored SPIFFE ID is unreadable: " + e.getMessage(), e);
    }
  }
}
