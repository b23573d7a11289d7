package dev.weft.controller.state;

import dev.weft.trust.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node's subscriptions and routes: rows keyed by node id and name, written in batches. The node's
 * row is locked (updated in place) first, so that concurrent changes to one node's names run one
 * after the other on PostgreSQL as they do on SQLite.
 */
final class NodeNames {
  /** Rows per JDBC batch. */
  static final int BATCH_SIZE = 500;

  private static final String HOP_SEPARATOR = ",";

  private NodeNames() {}

  /** The two tables of names, and the statements on them. */
  enum Table {
    SUBSCRIPTIONS(
        "INSERT INTO controller_subscriptions (node_id, name) VALUES (?, ?)"
            + " ON CONFLICT (node_id, name) DO NOTHING",
        "DELETE FROM controller_subscriptions WHERE node_id = ? AND name = ?",
        "SELECT node_id, name, '' FROM controller_subscriptions"),
    ROUTES(
        "INSERT INTO controller_routes (node_id, name, next_hops) VALUES (?, ?, ?)"
            + " ON CONFLICT (node_id, name) DO UPDATE SET next_hops = excluded.next_hops",
        "DELETE FROM controller_routes WHERE node_id = ? AND name = ?",
        "SELECT node_id, name, next_hops FROM controller_routes");

    /** Inserts or replaces (node, name[, value]). */
    final String upsert;

    /** Deletes (node, name). */
    final String delete;

    /** Selects node, name and value ("" for a subscription) of every row. */
    final String select;

    Table(String upsert, String delete, String select) {
      this.upsert = upsert;
      this.delete = delete;
      this.select = select;
    }
  }

  /**
   * A checked change of one node's names.
   *
   * @param set name to stored value ("" for a subscription), to insert or replace
   * @param deleted names to delete
   * @param replace whether every other name of the node is deleted too
   */
  record Change(
      Table table, String node, Map<String, String> set, Set<String> deleted, boolean replace) {}

  /** Checks a subscription change. */
  static Change subscriptions(
      String node, Set<String> added, Set<String> removed, boolean replace) {
    Check.id("node id", node);
    Objects.requireNonNull(added, "added");
    Objects.requireNonNull(removed, "removed");
    String what = "subscriptions of node " + node;
    Map<String, String> set = new LinkedHashMap<>();
    for (String name : added) {
      set.put(Check.name(what, name), "");
    }
    Set<String> deleted = deleted(what, removed, set);
    return new Change(Table.SUBSCRIPTIONS, node, set, deleted, replace);
  }

  /** Checks a route change. */
  static Change routes(
      String node, Map<String, List<String>> routes, Collection<String> removed, boolean replace) {
    Check.id("node id", node);
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(removed, "deleted");
    Map<String, String> set = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> route : routes.entrySet()) {
      String name = Check.name("routes of node " + node, route.getKey());
      List<String> hops = route.getValue();
      String what = "route " + name + " of node " + node + ": next hops";
      if (hops == null || hops.isEmpty()) {
        throw new IllegalArgumentException(
            what + ": " + hops + " (expected: at least one node id)");
      }
      for (String hop : hops) {
        Check.id(what, hop);
      }
      if (new HashSet<>(hops).size() != hops.size()) {
        throw new IllegalArgumentException(what + ": " + hops + " (expected: distinct node ids)");
      }
      set.put(name, String.join(HOP_SEPARATOR, hops));
    }
    Set<String> deleted = deleted("routes of node " + node, removed, set);
    return new Change(Table.ROUTES, node, set, deleted, replace);
  }

  private static Set<String> deleted(
      String what, Collection<String> removed, Map<String, String> set) {
    Set<String> deleted = new HashSet<>();
    for (String name : removed) {
      Check.name(what, name);
      if (set.containsKey(name)) {
        throw new IllegalArgumentException(
            what + ": name: " + Check.quote(name) + " (expected: either set or removed, not both)");
      }
      deleted.add(name);
    }
    return deleted;
  }

  /** Applies {@code change}; {@code NOT_FOUND} if its node is not stored. */
  static Void apply(Connection c, Change change) throws SQLException, StoreException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE controller_nodes SET connected = connected WHERE id = ?")) {
      ps.setString(1, change.node());
      if (ps.executeUpdate() == 0) {
        throw new StoreException(
            StoreException.Kind.NOT_FOUND, "node " + change.node() + ": not found");
      }
    }
    Table table = change.table();
    Map<String, String> set = change.set();
    Set<String> deleted = change.deleted();
    if (change.replace()) {
      Map<String, String> existing =
          read(c, table, change.node()).getOrDefault(change.node(), Map.of());
      deleted = new HashSet<>(existing.keySet());
      deleted.removeAll(set.keySet());
      set = new LinkedHashMap<>(set);
      set.entrySet().removeIf(e -> e.getValue().equals(existing.get(e.getKey())));
    }
    batch(c, table.delete, change.node(), Map.of(), deleted);
    batch(c, table.upsert, change.node(), table == Table.ROUTES ? set : Map.of(), set.keySet());
    return null;
  }

  /** Runs {@code sql} once per name, with the node, the name and its value if in {@code values}. */
  private static void batch(
      Connection c, String sql, String node, Map<String, String> values, Collection<String> names)
      throws SQLException {
    if (names.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int pending = 0;
      for (String name : names) {
        ps.setString(1, node);
        ps.setString(2, name);
        String value = values.get(name);
        if (value != null) {
          ps.setString(3, value);
        }
        ps.addBatch();
        if (++pending == BATCH_SIZE) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  /** The subscriptions of {@code node}, or of every node if null: node id to sorted names. */
  static Map<String, Set<String>> subscriptions(Connection c, String node) throws SQLException {
    SortedMap<String, Set<String>> result = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> e : read(c, Table.SUBSCRIPTIONS, node).entrySet()) {
      SortedSet<String> names = new TreeSet<>(e.getValue().keySet());
      result.put(e.getKey(), Collections.unmodifiableSortedSet(names));
    }
    return Collections.unmodifiableSortedMap(result);
  }

  /** The routes of {@code node}, or of every node if null: node id to name to next hops. */
  static Map<String, Map<String, List<String>>> routes(Connection c, String node)
      throws SQLException {
    SortedMap<String, Map<String, List<String>>> result = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> e : read(c, Table.ROUTES, node).entrySet()) {
      SortedMap<String, List<String>> routes = new TreeMap<>();
      e.getValue().forEach((name, hops) -> routes.put(name, List.of(hops.split(HOP_SEPARATOR))));
      result.put(e.getKey(), Collections.unmodifiableSortedMap(routes));
    }
    return Collections.unmodifiableSortedMap(result);
  }

  /** Node id to name to value ("" for subscriptions), ordered by node and name. */
  private static Map<String, Map<String, String>> read(Connection c, Table table, String node)
      throws SQLException {
    String sql =
        table.select + (node == null ? "" : " WHERE node_id = ?") + " ORDER BY node_id, name";
    Map<String, Map<String, String>> result = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (node != null) {
        ps.setString(1, node);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result
              .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getString(2), rs.getString(3));
        }
      }
    }
    return result;
  }
}
