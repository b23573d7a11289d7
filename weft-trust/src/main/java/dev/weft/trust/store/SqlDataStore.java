package dev.weft.trust.store;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.federation.FederationRelationship;
import dev.weft.trust.federation.FederationStatus;
import dev.weft.trust.registration.RegistrationEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The {@link DataStore} on SQL: one implementation for SQLite and PostgreSQL. */
final class SqlDataStore implements DataStore {
  static final String MIGRATIONS = "classpath:db/migration";
  static final Database.Schema SCHEMA =
      new Database.Schema(SqlDataStore.class, MIGRATIONS, "flyway_schema_history", false);

  private final Database db;
  private final Clock clock;
  private final Optional<String> password;

  private SqlDataStore(Database db, Clock clock, Optional<String> password) {
    this.db = db;
    this.clock = clock;
    this.password = password;
  }

  static DataStore open(ConnectionString connection, Clock clock) throws StoreException {
    Objects.requireNonNull(clock, "clock");
    Optional<String> password =
        connection instanceof ConnectionString.Postgres pg ? pg.password() : Optional.empty();
    return new SqlDataStore(Database.open(connection, SCHEMA), clock, password);
  }

  @Override
  public RegistrationEntry createEntry(RegistrationEntry entry) throws StoreException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RegistrationEntry stored = entry.withId(UUID.randomUUID().toString()).withRevision(1, now);
    return writeEntry(
        "create entry",
        stored,
        c -> {
          rejectDuplicate(c, stored);
          EntryTable.insert(c, stored);
          bumpRevision(c);
          return stored;
        });
  }

  @Override
  public RegistrationEntry updateEntry(RegistrationEntry entry) throws StoreException {
    if (entry.id().isEmpty()) {
      throw new StoreException(
          StoreException.Kind.INVALID, "entry.id: empty (expected: the id of an existing entry)");
    }
    return writeEntry(
        "update entry",
        entry,
        c -> {
          if (!EntryTable.exists(c, entry.id())) {
            throw entryNotFound(entry.id());
          }
          rejectDuplicate(c, entry);
          if (!EntryTable.update(c, entry)) {
            throw entryNotFound(entry.id()); // deleted concurrently
          }
          bumpRevision(c);
          return EntryTable.find(c, entry.id()).orElseThrow();
        });
  }

  @Override
  public void deleteEntry(String id) throws StoreException {
    write(
        "delete entry",
        c -> {
          if (!EntryTable.delete(c, id)) {
            throw entryNotFound(id);
          }
          bumpRevision(c);
          return null;
        });
  }

  @Override
  public Optional<RegistrationEntry> entry(String id) throws StoreException {
    return read("read entry", c -> EntryTable.find(c, id));
  }

  @Override
  public List<RegistrationEntry> listEntries(EntryFilter filter) throws StoreException {
    return read("list entries", c -> EntryTable.list(c, filter));
  }

  @Override
  public void createJoinToken(JoinTokenRecord token) throws StoreException {
    if (token.tokenHash().isEmpty()) {
      throw new StoreException(
          StoreException.Kind.INVALID, "join token hash: empty (expected: a hash of the token)");
    }
    try {
      write(
          "create join token",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO join_tokens (token_hash, agent_id, expires_at) VALUES (?, ?, ?)")) {
              ps.setString(1, token.tokenHash());
              ps.setString(2, token.agentId().toString());
              ps.setLong(3, token.expiresAt().toEpochMilli());
              ps.executeUpdate();
            }
            return null;
          });
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.ALREADY_EXISTS) {
        throw new StoreException(
            StoreException.Kind.ALREADY_EXISTS, "join token: already exists", e.getCause());
      }
      throw e;
    }
  }

  @Override
  public JoinTokenRecord consumeJoinToken(String tokenHash, Instant now) throws StoreException {
    return write(
        "consume join token",
        c -> {
          JoinTokenRecord token;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT agent_id, expires_at FROM join_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw tokenNotFound();
              }
              token =
                  new JoinTokenRecord(
                      tokenHash,
                      StateTables.spiffeId(rs.getString(1)),
                      Instant.ofEpochMilli(rs.getLong(2)));
            }
          }
          if (!now.isBefore(token.expiresAt())) {
            throw new StoreException(
                StoreException.Kind.EXPIRED, "join token: expired at " + token.expiresAt());
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM join_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            if (ps.executeUpdate() == 0) {
              throw tokenNotFound(); // a concurrent caller consumed it first
            }
          }
          return token;
        });
  }

  @Override
  public int pruneJoinTokens(Instant now) throws StoreException {
    return write(
        "prune join tokens",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM join_tokens WHERE expires_at <= ?")) {
            ps.setLong(1, now.toEpochMilli());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void saveAgent(AttestedNode agent) throws StoreException {
    write(
        "save agent",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO attested_agents (spiffe_id, serial_number, svid_expires_at,"
                      + " attested_at, banned, new_serial_number, new_svid_expires_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (spiffe_id) DO UPDATE"
                      + " SET serial_number = excluded.serial_number,"
                      + " svid_expires_at = excluded.svid_expires_at,"
                      + " attested_at = excluded.attested_at, banned = excluded.banned,"
                      + " new_serial_number = excluded.new_serial_number,"
                      + " new_svid_expires_at = excluded.new_svid_expires_at")) {
            ps.setString(1, agent.id().toString());
            ps.setString(2, agent.serialNumber());
            ps.setLong(3, agent.svidExpiresAt().toEpochMilli());
            ps.setLong(4, agent.attestedAt().toEpochMilli());
            ps.setBoolean(5, agent.banned());
            if (agent.newSerialNumber().isPresent()) {
              ps.setString(6, agent.newSerialNumber().get());
              ps.setLong(7, agent.newSvidExpiresAt().orElseThrow().toEpochMilli());
            } else {
              ps.setNull(6, java.sql.Types.VARCHAR);
              ps.setNull(7, java.sql.Types.BIGINT);
            }
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<AttestedNode> agent(SpiffeId id) throws StoreException {
    return read(
        "read agent",
        c -> {
          List<AttestedNode> found = StateTables.agents(c, " WHERE spiffe_id = ?", id.toString());
          return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        });
  }

  @Override
  public boolean deleteAgent(SpiffeId id) throws StoreException {
    return write(
        "delete agent",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM attested_agents WHERE spiffe_id = ?")) {
            ps.setString(1, id.toString());
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public List<AttestedNode> listAgents() throws StoreException {
    return read("list agents", c -> StateTables.agents(c, ""));
  }

  @Override
  public Optional<TrustBundle> bundle(TrustDomain trustDomain) throws StoreException {
    List<TrustBundle> found =
        read(
            "read bundle",
            c -> StateTables.bundles(c, " WHERE trust_domain = ?", trustDomain.name()));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<TrustBundle> bundles() throws StoreException {
    return read("list bundles", c -> StateTables.bundles(c, ""));
  }

  @Override
  public void putBundle(TrustBundle bundle) throws StoreException {
    String document = SpiffeBundleFormat.write(bundle);
    write(
        "put bundle",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO bundles (trust_domain, document) VALUES (?, ?)"
                      + " ON CONFLICT (trust_domain) DO UPDATE SET document = excluded.document")) {
            ps.setString(1, bundle.trustDomain().name());
            ps.setString(2, document);
            ps.executeUpdate();
          }
          bumpRevision(c);
          return null;
        });
  }

  @Override
  public boolean deleteBundle(TrustDomain trustDomain) throws StoreException {
    return write(
        "delete bundle",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM bundles WHERE trust_domain = ?")) {
            ps.setString(1, trustDomain.name());
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          bumpRevision(c);
          return true;
        });
  }

  @Override
  public void putFederation(FederationRelationship relationship) throws StoreException {
    write(
        "put federation relationship",
        c -> {
          FederationTable.upsert(c, relationship);
          return null;
        });
  }

  @Override
  public Optional<FederationRecord> federation(TrustDomain trustDomain) throws StoreException {
    List<FederationRecord> found =
        read(
            "read federation relationship",
            c -> FederationTable.list(c, " WHERE trust_domain = ?", trustDomain.name()));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<FederationRecord> federations() throws StoreException {
    return read("list federation relationships", c -> FederationTable.list(c, ""));
  }

  @Override
  public void recordFederationStatus(TrustDomain trustDomain, FederationStatus status)
      throws StoreException {
    write(
        "record federation status",
        c -> {
          if (!FederationTable.updateStatus(c, trustDomain, status)) {
            throw federationNotFound(trustDomain);
          }
          return null;
        });
  }

  @Override
  public boolean deleteFederation(TrustDomain trustDomain) throws StoreException {
    return write("delete federation relationship", c -> FederationTable.delete(c, trustDomain));
  }

  @Override
  public long revision() throws StoreException {
    return read(
        "read revision",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT revision FROM store_revision WHERE id = 1");
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new SQLException("store_revision has no row");
            }
            return rs.getLong(1);
          }
        });
  }

  @Override
  public void close() {
    db.close();
  }

  private RegistrationEntry writeEntry(
      String what, RegistrationEntry entry, Database.Work<RegistrationEntry> work)
      throws StoreException {
    try {
      return write(what, work);
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.ALREADY_EXISTS || e.getCause() == null) {
        throw e;
      }
      // a concurrent writer stored the same combination between our check and our insert
      Optional<String> other = read("read entry", c -> EntryTable.duplicateOf(c, entry));
      throw duplicateEntry(entry, other.orElse("being written concurrently"));
    }
  }

  private static void rejectDuplicate(Connection c, RegistrationEntry entry)
      throws SQLException, StoreException {
    Optional<String> other = EntryTable.duplicateOf(c, entry);
    if (other.isPresent()) {
      throw duplicateEntry(entry, other.get());
    }
  }

  private static StoreException duplicateEntry(RegistrationEntry entry, String otherId) {
    return new StoreException(
        StoreException.Kind.ALREADY_EXISTS,
        "entry: "
            + entry.spiffeId()
            + " with parent "
            + entry.parentId()
            + " and selectors "
            + entry.selectors()
            + " already exists (id "
            + otherId
            + ")");
  }

  private static StoreException entryNotFound(String id) {
    return new StoreException(StoreException.Kind.NOT_FOUND, "entry " + id + ": not found");
  }

  private static StoreException federationNotFound(TrustDomain td) {
    return new StoreException(
        StoreException.Kind.NOT_FOUND, "federation relationship with " + td + ": not found");
  }

  private static StoreException tokenNotFound() {
    return new StoreException(StoreException.Kind.NOT_FOUND, "join token: unknown or already used");
  }

  private static void bumpRevision(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE store_revision SET revision = revision + 1 WHERE id = 1")) {
      if (ps.executeUpdate() != 1) {
        throw new SQLException("store_revision has no row");
      }
    }
  }

  private <T> T read(String what, Database.Work<T> work) throws StoreException {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T write(String what, Database.Work<T> work) throws StoreException {
    try {
      return db.write(work);
    } catch (SQLException e) {
      if (db.isUniqueViolation(e)) {
        throw new StoreException(StoreException.Kind.ALREADY_EXISTS, what + ": already exists", e);
      }
      throw failure(what, e);
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException(
        StoreException.Kind.UNAVAILABLE,
        Redaction.redact(
            "data store " + db.display() + ": " + what + " failed: " + e.getMessage(), password),
        e);
  }
}
