package dev.weft.controller.state;

import dev.weft.trust.store.ConnectionString;
import dev.weft.trust.store.Database;
import dev.weft.trust.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@link ControllerStore} on SQL: one implementation for SQLite and PostgreSQL. */
final class SqlControllerStore implements ControllerStore {
  static final Database.Schema SCHEMA =
      new Database.Schema(
          SqlControllerStore.class,
          "classpath:dev/weft/controller/state/migration",
          "controller_schema_history",
          true);

  private static final String NODE_COLUMNS =
      "id, domain, spiffe_id, local_endpoint, external_endpoint, connected, registered_at,"
          + " last_seen";

  private final Database db;
  private final ConnectionString connection;
  private final Clock clock;

  private SqlControllerStore(Database db, ConnectionString connection, Clock clock) {
    this.db = db;
    this.connection = connection;
    this.clock = clock;
  }

  static ControllerStore open(String connection, Clock clock) throws StoreException {
    Objects.requireNonNull(clock, "clock");
    ConnectionString parsed = ConnectionString.parse(connection, null, null);
    return new SqlControllerStore(Database.open(parsed, SCHEMA), parsed, clock);
  }

  @Override
  public void putSegment(SegmentRecord segment) throws StoreException {
    Objects.requireNonNull(segment, "segment");
    write(
        "put segment " + segment.name(),
        c ->
            Rows.update(
                c,
                "INSERT INTO controller_segments (name, mode, hub) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET mode = excluded.mode, hub = excluded.hub",
                segment.name(),
                segment.mode().name(),
                segment.hub()));
  }

  @Override
  public boolean deleteSegment(String name) throws StoreException {
    String checked = valid(() -> Check.id("segment name", name));
    return write(
        "delete segment " + checked,
        c -> Rows.update(c, "DELETE FROM controller_segments WHERE name = ?", checked) == 1);
  }

  @Override
  public List<SegmentRecord> segments() throws StoreException {
    return read(
        "list segments",
        c ->
            Rows.query(
                c,
                "SELECT name, mode, hub FROM controller_segments ORDER BY name",
                rs ->
                    new SegmentRecord(
                        rs.getString(1), TopologyMode.valueOf(rs.getString(2)), rs.getString(3))));
  }

  @Override
  public void putDomain(DomainRecord domain) throws StoreException {
    Objects.requireNonNull(domain, "domain");
    write(
        "put domain " + domain.name(),
        c ->
            Rows.update(
                c,
                "INSERT INTO controller_domains (name, segment) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET segment = excluded.segment",
                domain.name(),
                domain.segment()));
  }

  @Override
  public boolean deleteDomain(String name) throws StoreException {
    String checked = valid(() -> Check.id("domain name", name));
    return write(
        "delete domain " + checked,
        c -> Rows.update(c, "DELETE FROM controller_domains WHERE name = ?", checked) == 1);
  }

  @Override
  public List<DomainRecord> domains() throws StoreException {
    return read(
        "list domains",
        c ->
            Rows.query(
                c,
                "SELECT name, segment FROM controller_domains ORDER BY name",
                rs -> new DomainRecord(rs.getString(1), rs.getString(2))));
  }

  @Override
  public void putNode(NodeRecord node) throws StoreException {
    Objects.requireNonNull(node, "node");
    write(
        "put node " + node.id(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO controller_nodes ("
                      + NODE_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
                      + " SET domain = excluded.domain, spiffe_id = excluded.spiffe_id,"
                      + " local_endpoint = excluded.local_endpoint,"
                      + " external_endpoint = excluded.external_endpoint,"
                      + " connected = excluded.connected, registered_at = excluded.registered_at,"
                      + " last_seen = excluded.last_seen")) {
            ps.setString(1, node.id());
            ps.setString(2, node.domain());
            ps.setString(3, node.spiffeId());
            ps.setString(4, node.localEndpoint());
            ps.setString(5, node.externalEndpoint());
            ps.setBoolean(6, node.connected());
            ps.setLong(7, node.registeredAt().toEpochMilli());
            ps.setLong(8, node.lastSeen().toEpochMilli());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean setConnected(String id, boolean connected) throws StoreException {
    String checked = valid(() -> Check.id("node id", id));
    long now = clock.instant().toEpochMilli();
    return write(
        (connected ? "connect node " : "disconnect node ") + checked,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE controller_nodes SET connected = ?, last_seen = ? WHERE id = ?")) {
            ps.setBoolean(1, connected);
            ps.setLong(2, now);
            ps.setString(3, checked);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<NodeRecord> node(String id) throws StoreException {
    String checked = valid(() -> Check.id("node id", id));
    List<NodeRecord> found = read("read node " + checked, c -> nodes(c, " WHERE id = ?", checked));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<NodeRecord> nodes() throws StoreException {
    return read("list nodes", c -> nodes(c, ""));
  }

  @Override
  public boolean deleteNode(String id) throws StoreException {
    String checked = valid(() -> Check.id("node id", id));
    return write(
        "delete node " + checked,
        c -> {
          // the foreign keys cascade too; deleting here does not depend on SQLite's pragma
          Rows.update(c, "DELETE FROM controller_subscriptions WHERE node_id = ?", checked);
          Rows.update(c, "DELETE FROM controller_routes WHERE node_id = ?", checked);
          return Rows.update(c, "DELETE FROM controller_nodes WHERE id = ?", checked) == 1;
        });
  }

  @Override
  public void addLink(LinkRecord link) throws StoreException {
    Objects.requireNonNull(link, "link");
    write(
        "add link " + link.a() + " to " + link.b(),
        c ->
            Rows.update(
                c,
                "INSERT INTO controller_links (a, b) VALUES (?, ?) ON CONFLICT (a, b) DO NOTHING",
                link.a(),
                link.b()));
  }

  @Override
  public boolean removeLink(LinkRecord link) throws StoreException {
    Objects.requireNonNull(link, "link");
    return write(
        "remove link " + link.a() + " to " + link.b(),
        c ->
            Rows.update(c, "DELETE FROM controller_links WHERE a = ? AND b = ?", link.a(), link.b())
                == 1);
  }

  @Override
  public List<LinkRecord> links() throws StoreException {
    return read(
        "list links",
        c ->
            Rows.query(
                c,
                "SELECT a, b FROM controller_links ORDER BY a, b",
                rs -> new LinkRecord(rs.getString(1), rs.getString(2))));
  }

  @Override
  public void replaceSubscriptions(String node, Set<String> names) throws StoreException {
    NodeNames.Change change = valid(() -> NodeNames.subscriptions(node, names, Set.of(), true));
    write("replace subscriptions of node " + change.node(), c -> NodeNames.apply(c, change));
  }

  @Override
  public void updateSubscriptions(String node, Set<String> added, Set<String> removed)
      throws StoreException {
    NodeNames.Change change = valid(() -> NodeNames.subscriptions(node, added, removed, false));
    write("update subscriptions of node " + change.node(), c -> NodeNames.apply(c, change));
  }

  @Override
  public Set<String> subscriptions(String node) throws StoreException {
    String checked = valid(() -> Check.id("node id", node));
    return read(
        "read subscriptions of node " + checked,
        c -> NodeNames.subscriptions(c, checked).getOrDefault(checked, Set.of()));
  }

  @Override
  public Map<String, Set<String>> subscriptions() throws StoreException {
    return read("list subscriptions", c -> NodeNames.subscriptions(c, null));
  }

  @Override
  public void applyRoutes(String node, Map<String, List<String>> set, Collection<String> deleted)
      throws StoreException {
    NodeNames.Change change = valid(() -> NodeNames.routes(node, set, deleted, false));
    write("apply routes of node " + change.node(), c -> NodeNames.apply(c, change));
  }

  @Override
  public void replaceRoutes(String node, Map<String, List<String>> routes) throws StoreException {
    NodeNames.Change change = valid(() -> NodeNames.routes(node, routes, List.of(), true));
    write("replace routes of node " + change.node(), c -> NodeNames.apply(c, change));
  }

  @Override
  public Map<String, List<String>> routes(String node) throws StoreException {
    String checked = valid(() -> Check.id("node id", node));
    return read(
        "read routes of node " + checked,
        c -> NodeNames.routes(c, checked).getOrDefault(checked, Map.of()));
  }

  @Override
  public Map<String, Map<String, List<String>>> routes() throws StoreException {
    return read("list routes", c -> NodeNames.routes(c, null));
  }

  @Override
  public void close() {
    db.close();
  }

  private static List<NodeRecord> nodes(Connection c, String where, String... params)
      throws SQLException {
    return Rows.query(
        c,
        "SELECT " + NODE_COLUMNS + " FROM controller_nodes" + where + " ORDER BY id",
        rs ->
            new NodeRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBoolean(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8))),
        params);
  }

  /** Something that checks arguments. */
  @FunctionalInterface
  private interface Argument<T> {
    T check();
  }

  /** The checked argument; a rejected one is {@code INVALID}. */
  private static <T> T valid(Argument<T> argument) throws StoreException {
    try {
      return argument.check();
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Kind.INVALID, e.getMessage(), e);
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
      throw failure(what, e);
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException(
        StoreException.Kind.UNAVAILABLE,
        connection.redact(
            "controller store " + db.display() + ": " + what + " failed: " + e.getMessage()),
        e);
  }
}
