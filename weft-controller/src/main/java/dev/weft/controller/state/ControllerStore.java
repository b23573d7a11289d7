package dev.weft.controller.state;

import dev.weft.trust.store.StoreException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The controller's persistent state: segments, domains, nodes, explicit links, subscriptions (per
 * node, the names with a local subscriber) and routes (per node, name to the ordered next hops the
 * controller installed).
 *
 * <p>Every call is one transaction: applied whole or not at all. Subscriptions and routes belong to
 * a stored node: writing them for an unknown node fails with {@code NOT_FOUND}, and {@link
 * #deleteNode} deletes them with the node. Segments, domains and links are configuration and refer
 * to each other and to nodes by name only; the controller checks that they agree.
 *
 * <p>Errors are {@link StoreException}s: {@code INVALID} for a malformed argument (nothing is
 * written), {@code NOT_FOUND} for an unknown node, {@code UNAVAILABLE} when the database fails or
 * the store is closed. Their messages name the store and never carry a password.
 *
 * <p>Thread-safe. Whoever opens a store closes it.
 */
public interface ControllerStore extends AutoCloseable {

  /**
   * Opens (creating and migrating if needed) the store.
   *
   * @param connection a SQLite file path (parent directories are created), {@code
   *     jdbc:sqlite:<file>}, or {@code jdbc:postgresql://host:port/db}, which may carry {@code
   *     user} and {@code password} parameters: what {@link
   *     dev.weft.trust.store.ConnectionString#parse} takes
   * @param clock the source of {@link #setConnected}'s {@code lastSeen}
   * @throws StoreException {@code INVALID} if {@code connection} is none of these, {@code
   *     UNAVAILABLE} if the database cannot be reached or migrated
   */
  static ControllerStore open(String connection, Clock clock) throws StoreException {
    return SqlControllerStore.open(connection, clock);
  }

  /** Stores {@code segment}, replacing the one with its name. */
  void putSegment(SegmentRecord segment) throws StoreException;

  /** Deletes the segment {@code name}; false if there was none. */
  boolean deleteSegment(String name) throws StoreException;

  /** Every segment, by name. */
  List<SegmentRecord> segments() throws StoreException;

  /** Stores {@code domain}, replacing the one with its name. */
  void putDomain(DomainRecord domain) throws StoreException;

  /** Deletes the domain {@code name}; false if there was none. */
  boolean deleteDomain(String name) throws StoreException;

  /** Every domain, by name. */
  List<DomainRecord> domains() throws StoreException;

  /** Stores {@code node}, replacing the one with its id (its subscriptions and routes stay). */
  void putNode(NodeRecord node) throws StoreException;

  /**
   * Sets whether the node's control channel is open, and its {@code lastSeen} to the clock's
   * instant; false if there is no such node.
   */
  boolean setConnected(String id, boolean connected) throws StoreException;

  /** The node {@code id}, if stored. */
  Optional<NodeRecord> node(String id) throws StoreException;

  /** Every node, by id. */
  List<NodeRecord> nodes() throws StoreException;

  /** Deletes the node {@code id} with its subscriptions and routes; false if there was none. */
  boolean deleteNode(String id) throws StoreException;

  /** Adds an explicit link; adding one that exists changes nothing. */
  void addLink(LinkRecord link) throws StoreException;

  /** Removes an explicit link; false if there was none. */
  boolean removeLink(LinkRecord link) throws StoreException;

  /** Every explicit link, ordered by {@code a} then {@code b}. */
  List<LinkRecord> links() throws StoreException;

  /**
   * Makes {@code names} the node's whole set of subscriptions (a node's full report).
   *
   * @throws StoreException {@code INVALID} if a name is malformed, {@code NOT_FOUND} if there is no
   *     such node
   */
  void replaceSubscriptions(String node, Set<String> names) throws StoreException;

  /**
   * Adds {@code added} to the node's subscriptions and removes {@code removed}; adding a name it
   * has or removing one it has not changes nothing.
   *
   * @throws StoreException {@code INVALID} if a name is malformed or in both sets, {@code
   *     NOT_FOUND} if there is no such node
   */
  void updateSubscriptions(String node, Set<String> added, Set<String> removed)
      throws StoreException;

  /** The node's subscriptions, sorted; empty for an unknown node. */
  Set<String> subscriptions(String node) throws StoreException;

  /** Every node's subscriptions, by node id; nodes without any are left out. */
  Map<String, Set<String>> subscriptions() throws StoreException;

  /**
   * Sets the routes in {@code set} (each replaces the name's next hops) and deletes those named in
   * {@code deleted} (deleting one that is not there changes nothing), as one configuration command
   * does.
   *
   * @param set name to next-hop node ids, in order; at least one each
   * @throws StoreException {@code INVALID} if a name or node id is malformed, a list is empty, or a
   *     name is both set and deleted; {@code NOT_FOUND} if there is no such node
   */
  void applyRoutes(String node, Map<String, List<String>> set, Collection<String> deleted)
      throws StoreException;

  /**
   * Makes {@code routes} the node's whole set of routes.
   *
   * @throws StoreException as {@link #applyRoutes}
   */
  void replaceRoutes(String node, Map<String, List<String>> routes) throws StoreException;

  /** The node's routes, by name; empty for an unknown node. */
  Map<String, List<String>> routes(String node) throws StoreException;

  /** Every node's routes, by node id then name; nodes without any are left out. */
  Map<String, Map<String, List<String>>> routes() throws StoreException;

  /** Closes the database; calls after this fail with {@code UNAVAILABLE}. */
  @Override
  void close();
}
