package dev.weft.trust.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.registration.Selector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The SQL for registration entries and their selectors. */
final class EntryTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CollectionType STRINGS =
      JSON.getTypeFactory().constructCollectionType(List.class, String.class);

  private static final String COLUMNS =
      "e.id, e.spiffe_id, e.parent_id, e.x509_svid_ttl, e.jwt_svid_ttl, e.dns_names,"
          + " e.federates_with, e.admin, e.hint, e.revision, e.created_at,"
          + " s.selector_type, s.selector_value";
  private static final String FROM =
      " FROM registered_entries e LEFT JOIN entry_selectors s ON s.entry_id = e.id";

  static final Comparator<RegistrationEntry> ORDER =
      Comparator.comparing((RegistrationEntry e) -> e.spiffeId().toString())
          .thenComparing(RegistrationEntry::id);

  private EntryTable() {}

  /** Inserts {@code entry} (with its id, revision and creation time) and its selectors. */
  static void insert(Connection c, RegistrationEntry entry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO registered_entries (id, spiffe_id, parent_id, identity_hash,"
                + " x509_svid_ttl, jwt_svid_ttl, dns_names, federates_with, admin, hint,"
                + " revision, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, entry.id());
      ps.setString(2, entry.spiffeId().toString());
      ps.setString(3, entry.parentId().toString());
      ps.setString(4, identityHash(entry));
      ps.setLong(5, entry.x509SvidTtl().toMillis());
      ps.setLong(6, entry.jwtSvidTtl().toMillis());
      ps.setString(7, json(entry.dnsNames()));
      ps.setString(8, json(entry.federatesWith().stream().map(TrustDomain::name).toList()));
      ps.setBoolean(9, entry.admin());
      ps.setString(10, entry.hint());
      ps.setLong(11, entry.revision());
      ps.setLong(12, entry.createdAt().toEpochMilli());
      ps.executeUpdate();
    }
    insertSelectors(c, entry);
  }

  /**
   * Replaces the stored fields and selectors of {@code entry.id()}, raising its revision by one.
   *
   * @return whether the entry exists
   */
  static boolean update(Connection c, RegistrationEntry entry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE registered_entries SET spiffe_id = ?, parent_id = ?, identity_hash = ?,"
                + " x509_svid_ttl = ?, jwt_svid_ttl = ?, dns_names = ?, federates_with = ?,"
                + " admin = ?, hint = ?, revision = revision + 1 WHERE id = ?")) {
      ps.setString(1, entry.spiffeId().toString());
      ps.setString(2, entry.parentId().toString());
      ps.setString(3, identityHash(entry));
      ps.setLong(4, entry.x509SvidTtl().toMillis());
      ps.setLong(5, entry.jwtSvidTtl().toMillis());
      ps.setString(6, json(entry.dnsNames()));
      ps.setString(7, json(entry.federatesWith().stream().map(TrustDomain::name).toList()));
      ps.setBoolean(8, entry.admin());
      ps.setString(9, entry.hint());
      ps.setString(10, entry.id());
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM entry_selectors WHERE entry_id = ?")) {
      ps.setString(1, entry.id());
      ps.executeUpdate();
    }
    insertSelectors(c, entry);
    return true;
  }

  /** Deletes the entry and its selectors; whether it existed. */
  static boolean delete(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM entry_selectors WHERE entry_id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM registered_entries WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  static boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM registered_entries WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The id of another entry with the same SPIFFE ID, parent ID and selectors, if any. */
  static Optional<String> duplicateOf(Connection c, RegistrationEntry entry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM registered_entries WHERE identity_hash = ? AND id <> ?")) {
      ps.setString(1, identityHash(entry));
      ps.setString(2, entry.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static Optional<RegistrationEntry> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE e.id = ?")) {
      ps.setString(1, id);
      List<RegistrationEntry> found = read(ps);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }
  }

  static List<RegistrationEntry> list(Connection c, EntryFilter filter) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + " WHERE 1 = 1");
    List<String> params = new ArrayList<>();
    filter
        .spiffeId()
        .ifPresent(
            id -> {
              sql.append(" AND e.spiffe_id = ?");
              params.add(id.toString());
            });
    filter
        .parentId()
        .ifPresent(
            id -> {
              sql.append(" AND e.parent_id = ?");
              params.add(id.toString());
            });
    if (!filter.selectors().isEmpty()) {
      List<String> matches = new ArrayList<>();
      for (Selector selector : new TreeSet<>(filter.selectors())) {
        matches.add("(selector_type = ? AND selector_value = ?)");
        params.add(selector.type());
        params.add(selector.value());
      }
      sql.append(" AND e.id IN (SELECT entry_id FROM entry_selectors WHERE ")
          .append(String.join(" OR ", matches))
          .append(" GROUP BY entry_id HAVING COUNT(*) = ")
          .append(filter.selectors().size())
          .append(")");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setString(i + 1, params.get(i));
      }
      List<RegistrationEntry> entries = read(ps);
      entries.sort(ORDER);
      return entries;
    }
  }

  private static void insertSelectors(Connection c, RegistrationEntry entry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO entry_selectors (entry_id, selector_type, selector_value)"
                + " VALUES (?, ?, ?)")) {
      for (Selector selector : entry.selectors()) {
        ps.setString(1, entry.id());
        ps.setString(2, selector.type());
        ps.setString(3, selector.value());
        ps.executeUpdate();
      }
    }
  }

  private static List<RegistrationEntry> read(PreparedStatement ps) throws SQLException {
    Map<String, RegistrationEntry> byId = new LinkedHashMap<>();
    Map<String, TreeSet<Selector>> selectors = new LinkedHashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        if (!byId.containsKey(id)) {
          byId.put(id, row(rs));
          selectors.put(id, new TreeSet<>());
        }
        String type = rs.getString(12);
        if (type != null) {
          selectors.get(id).add(selector(id, type, rs.getString(13)));
        }
      }
    }
    List<RegistrationEntry> entries = new ArrayList<>();
    for (RegistrationEntry e : byId.values()) {
      entries.add(
          new RegistrationEntry(
              e.id(),
              e.spiffeId(),
              e.parentId(),
              selectors.get(e.id()),
              e.x509SvidTtl(),
              e.jwtSvidTtl(),
              e.dnsNames(),
              e.federatesWith(),
              e.admin(),
              e.hint(),
              e.revision(),
              e.createdAt()));
    }
    return entries;
  }

  private static RegistrationEntry row(ResultSet rs) throws SQLException {
    try {
      return parseRow(rs);
    } catch (IllegalArgumentException e) {
      throw new SQLException(
          "stored entry " + rs.getString(1) + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static RegistrationEntry parseRow(ResultSet rs) throws SQLException {
    TreeSet<TrustDomain> federatesWith = new TreeSet<>();
    for (String name : strings(rs.getString(7))) {
      federatesWith.add(TrustDomain.parse(name));
    }
    return new RegistrationEntry(
        rs.getString(1),
        SpiffeId.parse(rs.getString(2)),
        SpiffeId.parse(rs.getString(3)),
        new TreeSet<>(),
        Duration.ofMillis(rs.getLong(4)),
        Duration.ofMillis(rs.getLong(5)),
        strings(rs.getString(6)),
        federatesWith,
        rs.getBoolean(8),
        rs.getString(9),
        rs.getLong(10),
        Instant.ofEpochMilli(rs.getLong(11)));
  }

  private static Selector selector(String id, String type, String value) throws SQLException {
    try {
      return new Selector(type, value);
    } catch (IllegalArgumentException e) {
      throw new SQLException("stored entry " + id + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * SHA-256 of the SPIFFE ID, the parent ID and the sorted selectors, each length-prefixed so that
   * no two different combinations encode alike.
   */
  static String identityHash(RegistrationEntry entry) {
    StringBuilder canonical = new StringBuilder();
    append(canonical, entry.spiffeId().toString());
    append(canonical, entry.parentId().toString());
    for (Selector selector : entry.selectors()) {
      append(canonical, selector.type());
      append(canonical, selector.value());
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static void append(StringBuilder canonical, String part) {
    canonical.append(part.length()).append(':').append(part).append(';');
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }

  private static List<String> strings(String json) throws SQLException {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException(
          "stored list is not a JSON array of strings: " + e.getOriginalMessage(), e);
    }
  }
}
