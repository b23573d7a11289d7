package dev.weft.trust.store;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.federation.FederationRelationship;
import dev.weft.trust.federation.FederationStatus;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** The {@code federation_relationships} table. */
final class FederationTable {
  private static final String COLUMNS =
      "trust_domain, bundle_endpoint_url, profile,"
          + " endpoint_spiffe_id, bootstrap_bundle, source, last_success_at, last_error, last_error_at, failing, fetched_sequence, rollbacks_refused";

  private FederationTable() {}

  /** Inserts or replaces the relationship, keeping the status of an existing row. */
  static void upsert(Connection c, FederationRelationship r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO federation_relationships (trust_domain, bundle_endpoint_url, profile,"
                + " endpoint_spiffe_id, bootstrap_bundle, source) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (trust_domain) DO UPDATE SET"
                + " bundle_endpoint_url = excluded.bundle_endpoint_url, profile = excluded.profile,"
                + " endpoint_spiffe_id = excluded.endpoint_spiffe_id,"
                + " bootstrap_bundle = excluded.bootstrap_bundle, source = excluded.source")) {
      ps.setString(1, r.trustDomain().name());
      ps.setString(2, r.bundleEndpointUrl().toString());
      ps.setString(3, r.profile().configName());
      nullable(ps, 4, r.endpointSpiffeId().map(Object::toString));
      nullable(ps, 5, r.bootstrapBundle().map(SpiffeBundleFormat::write));
      ps.setString(6, r.source().configName());
      ps.executeUpdate();
    }
  }

  static boolean updateStatus(Connection c, TrustDomain td, FederationStatus status)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE federation_relationships SET"
                + " last_success_at = ?, last_error = ?, last_error_at = ?, failing = ?, fetched_sequence = ?,"
                + " rollbacks_refused = ? WHERE trust_domain = ?")) {
      nullableInstant(ps, 1, status.lastSuccess());
      nullable(ps, 2, status.lastError());
      nullableInstant(ps, 3, status.lastErrorAt());
      ps.setBoolean(4, status.failing());
      if (status.fetchedSequence().isPresent()) {
        ps.setLong(5, status.fetchedSequence().getAsLong());
      } else {
        ps.setNull(5, Types.BIGINT);
      }
      ps.setLong(6, status.rollbacksRefused());
      ps.setString(7, td.name());
      return ps.executeUpdate() == 1;
    }
  }

  static boolean delete(Connection c, TrustDomain td) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM federation_relationships WHERE trust_domain = ?")) {
      ps.setString(1, td.name());
      return ps.executeUpdate() == 1;
    }
  }

  static List<FederationRecord> list(Connection c, String where, String... params)
      throws SQLException {
    List<FederationRecord> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM federation_relationships"
                + where
                + " ORDER BY trust_domain")) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
    }
    return out;
  }

  private static FederationRecord read(ResultSet rs) throws SQLException {
    String name = rs.getString(1);
    try {
      TrustDomain td = TrustDomain.parse(name);
      Optional<TrustBundle> bootstrap = Optional.empty();
      if (rs.getString(5) != null) {
        bootstrap = Optional.of(SpiffeBundleFormat.parse(td, rs.getString(5)));
      }
      FederationRelationship relationship =
          new FederationRelationship(
              td,
              URI.create(rs.getString(2)),
              BundleEndpointProfile.parse(rs.getString(3)),
              Optional.ofNullable(rs.getString(4)).map(dev.weft.identity.spiffeid.SpiffeId::parse),
              bootstrap,
              FederationRelationship.Source.valueOf(rs.getString(6).toUpperCase(Locale.ROOT)));
      long sequence = rs.getLong(11);
      OptionalLong fetchedSequence =
          rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(sequence);
      FederationStatus status =
          new FederationStatus(
              instant(rs, 7),
              fetchedSequence,
              Optional.ofNullable(rs.getString(8)),
              instant(rs, 9),
              rs.getBoolean(10),
              rs.getLong(12));
      return new FederationRecord(relationship, status);
    } catch (BundleException | IllegalArgumentException e) {
      throw new SQLException(
          "stored federation relationship with " + name + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static void nullable(PreparedStatement ps, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setString(index, value.get());
    } else {
      ps.setNull(index, Types.VARCHAR);
    }
  }

  private static void nullableInstant(PreparedStatement ps, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setLong(index, value.get().toEpochMilli());
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }
}
