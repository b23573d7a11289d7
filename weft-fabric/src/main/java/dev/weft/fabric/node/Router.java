package dev.weft.fabric.node;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.Name;
import dev.weft.fabric.admin.RouteInfo;
import dev.weft.fabric.wire.Flags;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's subscription table and forwarding.
 *
 * <p>The table maps a name to its local subscribers (clients of this node) and the links behind
 * which another node has local subscribers. Publishing reads it without a lock (each entry holds
 * immutable arrays in volatile fields); subscribing, unsubscribing, links going up or down change
 * it under this router's lock.
 *
 * <p>A client's subscription to an instance name {@code o/n/s/i} also makes it a subscriber of the
 * service {@code o/n/s}, so anycast to the service can pick it. Subscriptions are propagated one
 * hop: a node tells its links about names that have local subscribers, never about names it learned
 * from another link (split horizon), so propagation cannot loop. Messages carry a TTL and their
 * origin node, and are never sent back where they came from.
 *
 * <p>A node with a controller propagates nothing over its links: it reports its names to the
 * controller ({@link ControlChannel#changed(Name)}), which installs routes for exact names whose
 * next hops are node ids, resolved to the open link to that node. Multicast follows the
 * controller's routes, which form a tree, for every message, and the links that announced a name
 * only for a message from a client of this node (one hop, so a triangle cannot duplicate).
 */
final class Router {

  private static final Connection[] NONE = new Connection[0];

  /** One name's subscribers. */
  static final class Entry {
    volatile Connection[] locals = NONE;
    volatile Connection[] links = NONE;
    final AtomicInteger next = new AtomicInteger();
  }

  /** The next hops of one controller route, picked round robin. */
  static final class Hops {
    final String[] nodes;
    final AtomicInteger next = new AtomicInteger();

    Hops(List<String> nodes) {
      this.nodes = nodes.toArray(String[]::new);
    }
  }

  /** Why a publish was not delivered. */
  record Failure(ErrorCode code, String message) {}

  private final NodeRuntime node;
  private final Map<Name, Entry> table = new ConcurrentHashMap<>();

  /** Per local connection: how many reasons it has to be in each name's locals. */
  @GuardedBy("this")
  private final Map<Connection, Map<Name, Integer>> refs = new HashMap<>();

  /** Per local connection: what it subscribed to (not its HELLO instance name). */
  @GuardedBy("this")
  private final Map<Connection, Set<Name>> explicit = new HashMap<>();

  /** Per link: the names it told us about. */
  @GuardedBy("this")
  private final Map<Connection, Set<Name>> learned = new HashMap<>();

  /** Open links, in the order they came up. */
  @GuardedBy("this")
  private final Set<Connection> links = new LinkedHashSet<>();

  /** An open link to each node id (the first up; another open one when it closes). */
  private final Map<String, Connection> byNode = new ConcurrentHashMap<>();

  /** The controller's routes: an immutable map, replaced as a whole. */
  private volatile Map<Name, Hops> hops = Map.of();

  private final AtomicInteger subscriptions = new AtomicInteger();

  Router(NodeRuntime node) {
    this.node = node;
  }

  /**
   * Replaces the controller's routes (name to next-hop node ids, in order); round-robin positions
   * of names whose hops did not change are kept.
   */
  void installRoutes(Map<Name, List<String>> routes) {
    Map<Name, Hops> old = hops;
    Map<Name, Hops> fresh = new HashMap<>();
    routes.forEach(
        (name, nodes) -> {
          Hops before = old.get(name);
          fresh.put(
              name,
              before != null && Arrays.asList(before.nodes).equals(nodes)
                  ? before
                  : new Hops(nodes));
        });
    hops = Map.copyOf(fresh);
  }

  /** The controller's routes as installed now. */
  Map<Name, Hops> controllerRoutes() {
    return hops;
  }

  /** The open link to node {@code nodeId}, or null. */
  Connection linkToNode(String nodeId) {
    Connection c = byNode.get(nodeId);
    return c != null && c.isOpen() ? c : null;
  }

  /** The ids of the nodes with an open link, sorted. */
  synchronized List<String> linkedNodes() {
    Set<String> ids = new java.util.TreeSet<>();
    for (Connection link : links) {
      if (link.isOpen() && !link.linkNode.isEmpty()) {
        ids.add(link.linkNode);
      }
    }
    return List.copyOf(ids);
  }

  /** Names with at least one local subscriber now (instance names of HELLOs too). */
  List<Name> localNames() {
    List<Name> out = new ArrayList<>();
    for (Map.Entry<Name, Entry> e : table.entrySet()) {
      if (e.getValue().locals.length > 0) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Whether {@code name} has a local subscriber now. */
  boolean hasLocal(Name name) {
    Entry e = table.get(name);
    return e != null && e.locals.length > 0;
  }

  /** Local subscriptions (explicit subscribes and HELLO instance names). */
  int subscriptions() {
    return subscriptions.get();
  }

  /** A client said HELLO with its instance name: replies and unicast reach it. */
  synchronized void hello(Connection c, Name instance) {
    subscriptions.incrementAndGet();
    addRef(c, instance);
  }

  /** Subscribes a local connection; null when done, else why not ({@link ErrorCode#LIMIT}). */
  synchronized Failure subscribe(Connection c, Name name) {
    Set<Name> mine = explicit.computeIfAbsent(c, k -> new HashSet<>());
    if (mine.contains(name)) {
      return null;
    }
    if (mine.size() >= node.limits().maxSubscriptions()) {
      return new Failure(
          ErrorCode.LIMIT,
          "subscriptions: "
              + mine.size()
              + " (expected: at most limits.max_subscriptions "
              + node.limits().maxSubscriptions()
              + ")");
    }
    mine.add(name);
    subscriptions.incrementAndGet();
    addRef(c, name);
    if (name.isInstance()) {
      addRef(c, name.service());
    }
    return null;
  }

  /** Drops a local subscription (nothing if there was none). */
  synchronized void unsubscribe(Connection c, Name name) {
    Set<Name> mine = explicit.get(c);
    if (mine == null || !mine.remove(name)) {
      return;
    }
    subscriptions.decrementAndGet();
    dropRef(c, name);
    if (name.isInstance()) {
      dropRef(c, name.service());
    }
  }

  /** A link is open: tell it every name with local subscribers. */
  synchronized void linkUp(Connection link) {
    links.add(link);
    learned.put(link, new HashSet<>());
    Connection before = byNode.get(link.linkNode);
    if (before == null || !before.isOpen()) {
      byNode.put(link.linkNode, link);
    }
    if (node.control != null) {
      return;
    }
    for (Map.Entry<Name, Entry> e : table.entrySet()) {
      if (e.getValue().locals.length > 0) {
        link.send(Frame.control(FrameType.LINK_SUBSCRIBE, 0, e.getKey().toString()));
      }
    }
  }

  /** The link told us it has local subscribers of {@code name}. */
  synchronized void learn(Connection link, Name name) {
    Set<Name> names = learned.get(link);
    if (names == null || !names.add(name)) {
      return;
    }
    Entry e = table.computeIfAbsent(name, n -> new Entry());
    e.links = plus(e.links, link);
  }

  /** The link's last local subscriber of {@code name} left. */
  synchronized void unlearn(Connection link, Name name) {
    Set<Name> names = learned.get(link);
    if (names == null || !names.remove(name)) {
      return;
    }
    Entry e = table.get(name);
    if (e != null) {
      e.links = minus(e.links, link);
      prune(name, e);
    }
  }

  /** A connection closed: forget everything about it. */
  synchronized void remove(Connection c) {
    Set<Name> mine = explicit.remove(c);
    if (mine != null) {
      subscriptions.addAndGet(-mine.size());
    }
    Map<Name, Integer> counts = refs.remove(c);
    if (counts != null && c.instance != null) {
      subscriptions.decrementAndGet();
    }
    if (counts != null) {
      for (Name name : counts.keySet()) {
        Entry e = table.get(name);
        if (e != null) {
          e.locals = minus(e.locals, c);
          if (e.locals.length == 0) {
            propagate(FrameType.LINK_UNSUBSCRIBE, name);
          }
          prune(name, e);
        }
      }
    }
    Set<Name> names = learned.remove(c);
    links.remove(c);
    if (byNode.remove(c.linkNode, c)) {
      for (Connection other : links) {
        if (other.linkNode.equals(c.linkNode) && other.isOpen()) {
          byNode.put(other.linkNode, other);
          break;
        }
      }
    }
    if (names != null) {
      for (Name name : names) {
        Entry e = table.get(name);
        if (e != null) {
          e.links = minus(e.links, c);
          prune(name, e);
        }
      }
    }
  }

  /** Open links (for admin and metrics). */
  synchronized List<Connection> links() {
    return new ArrayList<>(links);
  }

  /** The open link to the node with this id hash, if any. */
  synchronized Connection linkTo(int nodeHash) {
    for (Connection link : links) {
      if (link.linkNodeHash == nodeHash && link.isOpen()) {
        return link;
      }
    }
    return null;
  }

  /**
   * Routes a PUBLISH that came in on {@code in} (its origin and connection already set); null when
   * it went somewhere, else why not.
   */
  Failure route(Connection in, Frame frame, Name name) {
    Entry e = table.get(name);
    if (frame.has(Flags.MULTICAST)) {
      return multicast(in, frame, name, e);
    }
    if (e != null) {
      Connection local = pick(e.locals, e.next, in, 0);
      if (local != null && local.send(frame, in)) {
        node.metrics().out();
        return null;
      }
    }
    Hops h = hops.get(name);
    if (frame.ttl() <= 1) {
      return e != null && e.links.length > 0 || h != null || !node.routesFor(name).isEmpty()
          ? ttlExpired(frame)
          : undeliverable(name);
    }
    Frame forward = frame.routed(frame.ttl() - 1, frame.origin(), frame.connection());
    if (e != null) {
      Connection link = pick(e.links, e.next, in, frame.origin());
      if (link != null && link.send(forward, in)) {
        node.metrics().out();
        return null;
      }
    }
    if (h != null) {
      Connection link = hop(h, in, frame.origin());
      if (link != null && link.send(forward, in)) {
        node.metrics().out();
        return null;
      }
    }
    for (Connection link : node.routesFor(name)) {
      if (link != in
          && link.linkNodeHash != frame.origin()
          && (!in.isLink() || link.linkNodeHash != in.linkNodeHash)
          && link.send(forward, in)) {
        node.metrics().out();
        return null;
      }
    }
    return undeliverable(name);
  }

  private Failure multicast(Connection in, Frame frame, Name name, Entry e) {
    int delivered = 0;
    Set<Integer> sentTo = new HashSet<>();
    sentTo.add(frame.origin());
    if (in.isLink()) {
      sentTo.add(in.linkNodeHash);
    }
    if (e != null) {
      for (Connection c : e.locals) {
        if (c != in && c.isOpen() && c.send(frame, in)) {
          delivered++;
        }
      }
    }
    boolean expired = false;
    Hops h = hops.get(name);
    boolean fromClient = in.kind == Connection.Kind.CLIENT;
    if (frame.ttl() > 1) {
      Frame forward = frame.routed(frame.ttl() - 1, frame.origin(), frame.connection());
      // Links that announced the name are one hop away: only a client's message goes to them, so
      // a message that came over a link is not sent on to another (in a triangle it would arrive
      // twice).
      if (e != null && fromClient) {
        for (Connection link : e.links) {
          if (link != in
              && link.linkNodeHash != frame.origin()
              && link.isOpen()
              && sentTo.add(link.linkNodeHash)
              && link.send(forward, in)) {
            delivered++;
          }
        }
      }
      if (h != null) {
        for (String nodeId : h.nodes) {
          Connection link = byNode.get(nodeId);
          if (link != null
              && link != in
              && link.isOpen()
              && sentTo.add(link.linkNodeHash)
              && link.send(forward, in)) {
            delivered++;
          }
        }
      }
      if (fromClient) {
        for (Connection link : node.routesFor(name)) {
          if (sentTo.add(link.linkNodeHash) && link.send(forward, in)) {
            delivered++;
          }
        }
      }
    } else {
      expired = e != null && e.links.length > 0 || h != null;
    }
    if (delivered > 0) {
      node.metrics().out(delivered);
      return null;
    }
    return expired ? ttlExpired(frame) : undeliverable(name);
  }

  /** This router's table as the admin endpoint shows it (local and learned entries). */
  List<RouteInfo> table() {
    List<RouteInfo> out = new ArrayList<>();
    for (Map.Entry<Name, Entry> e : new java.util.TreeMap<>(table).entrySet()) {
      for (Connection c : e.getValue().locals) {
        out.add(
            new RouteInfo(
                e.getKey().toString(),
                Integer.toString(c.id),
                c.peer == null ? "" : c.peer.toString(),
                "local",
                "subscription"));
      }
      for (Connection c : e.getValue().links) {
        out.add(
            new RouteInfo(
                e.getKey().toString(),
                Integer.toString(c.id),
                c.peer == null ? "" : c.peer.toString(),
                "link",
                "subscription"));
      }
    }
    return out;
  }

  /** How many names have entries. */
  int names() {
    return table.size();
  }

  @GuardedBy("this")
  private void addRef(Connection c, Name name) {
    Map<Name, Integer> counts = refs.computeIfAbsent(c, k -> new HashMap<>());
    int before = counts.merge(name, 1, Integer::sum) - 1;
    if (before == 0) {
      Entry e = table.computeIfAbsent(name, n -> new Entry());
      boolean first = e.locals.length == 0;
      e.locals = plus(e.locals, c);
      if (first) {
        propagate(FrameType.LINK_SUBSCRIBE, name);
      }
    }
  }

  @GuardedBy("this")
  private void dropRef(Connection c, Name name) {
    Map<Name, Integer> counts = refs.get(c);
    if (counts == null) {
      return;
    }
    Integer left = counts.computeIfPresent(name, (n, k) -> k == 1 ? null : k - 1);
    if (left == null) {
      Entry e = table.get(name);
      if (e != null) {
        e.locals = minus(e.locals, c);
        if (e.locals.length == 0) {
          propagate(FrameType.LINK_UNSUBSCRIBE, name);
        }
        prune(name, e);
      }
    }
  }

  @GuardedBy("this")
  private void propagate(FrameType type, Name name) {
    if (node.control != null) {
      node.control.changed(name);
      return;
    }
    for (Connection link : links) {
      link.send(Frame.control(type, 0, name.toString()));
    }
  }

  @GuardedBy("this")
  private void prune(Name name, Entry e) {
    if (e.locals.length == 0 && e.links.length == 0) {
      table.remove(name, e);
    }
  }

  private static Connection pick(
      Connection[] candidates, AtomicInteger next, Connection in, int origin) {
    int n = candidates.length;
    if (n == 0) {
      return null;
    }
    int start = n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Connection c = candidates[(start + i) % n];
      if (c != in
          && c.isOpen()
          && (origin == 0 || c.linkNodeHash != origin)
          && (!in.isLink() || c.linkNodeHash != in.linkNodeHash)) {
        return c;
      }
    }
    return null;
  }

  /** The next open link among {@code h}'s hops, round robin, never back toward in or origin. */
  private Connection hop(Hops h, Connection in, int origin) {
    int n = h.nodes.length;
    int start = n == 1 ? 0 : Math.floorMod(h.next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Connection c = byNode.get(h.nodes[(start + i) % n]);
      if (c != null
          && c != in
          && c.isOpen()
          && c.linkNodeHash != origin
          && (!in.isLink() || c.linkNodeHash != in.linkNodeHash)) {
        return c;
      }
    }
    return null;
  }

  private static Connection[] plus(Connection[] array, Connection c) {
    for (Connection existing : array) {
      if (existing == c) {
        return array;
      }
    }
    Connection[] out = Arrays.copyOf(array, array.length + 1);
    out[array.length] = c;
    return out;
  }

  private static Connection[] minus(Connection[] array, Connection c) {
    int at = -1;
    for (int i = 0; i < array.length; i++) {
      if (array[i] == c) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return array;
    }
    if (array.length == 1) {
      return NONE;
    }
    Connection[] out = new Connection[array.length - 1];
    System.arraycopy(array, 0, out, 0, at);
    System.arraycopy(array, at + 1, out, at, array.length - at - 1);
    return out;
  }

  private static Failure undeliverable(Name name) {
    return new Failure(ErrorCode.UNDELIVERABLE, "no live subscriber or route for " + name);
  }

  private static Failure ttlExpired(Frame frame) {
    return new Failure(
        ErrorCode.TTL_EXPIRED,
        "ttl: " + frame.ttl() + " (expected: > 1 to cross another link to " + frame.name() + ")");
  }
}
