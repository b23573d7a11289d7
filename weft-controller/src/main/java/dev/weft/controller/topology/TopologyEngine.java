package dev.weft.controller.topology;

import dev.weft.controller.topology.Model.NameEntry;
import dev.weft.controller.topology.Model.NodeRecord;
import dev.weft.controller.topology.Model.Segment;
import dev.weft.fabric.Name;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fabric's topology and routes: segments (each {@link Mode#MESH}, {@link Mode#STAR} or {@link
 * Mode#PAIRS}), domains (each in one segment), nodes (each in one domain, up or down), explicit
 * links and each node's subscribed names. From them it derives the links every node should hold
 * and, for each name, every node's next hops; each mutation returns exactly what changed.
 *
 * <p><b>Links.</b> A segment's desired links are its mode's links plus the explicit links, among
 * its up nodes; a link never crosses segments. Of the two ends, the node whose id sorts first
 * dials. The hub of a star is the configured hub when it is up in the segment, otherwise the up
 * node of smallest id.
 *
 * <p><b>Routes.</b> For a name subscribed on the nodes S of a segment, the root is the smallest id
 * of S (one per connected component of the segment that holds subscribers, when the segment is
 * split), and the tree T is the union of the shortest paths from each subscriber to the root
 * (breadth-first, ties broken by the smallest node id). A node in T forwards to its neighbours in T
 * (no route when T is that node alone); a node off T forwards to its parent toward the root; a node
 * not connected to any subscriber has no route. Forwarding to every next hop but the incoming link
 * reaches each subscriber exactly once (multicast); forwarding to one next hop but the incoming
 * link ends at a subscriber (anycast). Names never cross segments.
 *
 * <p><b>Cost.</b> Routes are not stored per node: per name the engine keeps its root and small
 * tree, per segment an int-array graph and an LRU cache of shortest-path parent arrays, and {@link
 * #routes} derives a node's table on demand (one breadth-first search from the node). A
 * subscription change recomputes only that name. A node or link change recomputes only the names of
 * that segment whose tree can change: those whose root's shortest-path tree the changed links can
 * alter (one search from each end of each changed link decides), and those that lost a subscriber;
 * the others keep their tree, and a node that came up gains its route to each. A change of a
 * segment's mode or hub, a domain's move and {@link #recomputeAll} recompute every name of the
 * segment (grouped by root, so one search per root). Diffs look only where routes can differ.
 *
 * <p><b>Errors.</b> Bad input throws {@link IllegalArgumentException} ({@code what: value
 * (expected: ...)}); a refused removal throws {@link IllegalStateException}. A refused call changes
 * nothing.
 *
 * <p>Not thread-safe: the caller serializes the calls. No I/O, no threads.
 */
public final class TopologyEngine {
  /** The segment that always exists (MESH unless reconfigured). */
  public static final String DEFAULT_SEGMENT = "default";

  private final Inventory inventory = new Inventory();
  private final Map<String, Segment> segments = inventory.segments;
  private final Map<String, String> domains = inventory.domains;
  private final Map<String, Integer> nodeIndex = inventory.nodeIndex;
  private final List<NodeRecord> nodes = inventory.nodes;

  /** An engine with the default segment only. */
  public TopologyEngine() {
    segments.put(DEFAULT_SEGMENT, new Segment(DEFAULT_SEGMENT, Mode.MESH, null));
  }

  // ---- segments and domains ----

  /**
   * Creates or reconfigures segment {@code name}.
   *
   * @param hub the hub of a {@link Mode#STAR} segment, or null for the up node of smallest id
   * @throws IllegalArgumentException for a malformed name or hub, a hub with another mode, a hub
   *     that is the hub of another segment or a node of another segment
   */
  public Changes putSegment(String name, Mode mode, String hub) {
    Ids.check("segment", name);
    if (mode == null) {
      throw new IllegalArgumentException("mode: null (expected: MESH, STAR or PAIRS)");
    }
    if (hub != null) {
      Ids.check("hub", hub);
      if (mode != Mode.STAR) {
        throw new IllegalArgumentException(
            "hub: " + hub + " (expected: no hub unless the mode is STAR; segment " + name + ")");
      }
      for (Segment other : segments.values()) {
        if (!other.name.equals(name) && hub.equals(other.hub)) {
          throw new IllegalArgumentException(
              "hub: "
                  + hub
                  + " (expected: a node that is no other segment's hub; it is "
                  + other.name
                  + "'s)");
        }
      }
      Integer g = nodeIndex.get(hub);
      Segment current = g == null ? null : inventory.segmentOf(nodes.get(g));
      if (current != null && !current.name.equals(name)) {
        throw new IllegalArgumentException(
            "hub: "
                + hub
                + " (expected: a node of segment "
                + name
                + "; it is in "
                + current.name
                + ")");
      }
    }
    Segment segment = segments.get(name);
    if (segment == null) {
      segments.put(name, new Segment(name, mode, hub));
      return Changes.NONE;
    }
    if (segment.mode == mode && Objects.equals(segment.hub, hub)) {
      return Changes.NONE;
    }
    Op op = new Op(inventory);
    segment.mode = mode;
    segment.hub = hub;
    op.relink(inventory.globalsOf(segment.upNodes));
    op.reroute(segment);
    return op.changes();
  }

  /**
   * Removes segment {@code name}.
   *
   * @throws IllegalArgumentException when it is unknown or the default segment
   * @throws IllegalStateException while a domain is in it
   */
  public Changes removeSegment(String name) {
    Segment segment = inventory.segment(name);
    if (name.equals(DEFAULT_SEGMENT)) {
      throw new IllegalArgumentException(
          "segment: " + name + " (expected: a segment other than default, which always exists)");
    }
    List<String> users =
        domains.entrySet().stream()
            .filter(e -> e.getValue().equals(name))
            .map(e -> e.getKey())
            .toList();
    if (!users.isEmpty()) {
      throw new IllegalStateException(
          "segment: "
              + name
              + " (expected: no domain in it; domains "
              + users
              + " are: move or remove them first)");
    }
    segments.remove(segment.name);
    return Changes.NONE;
  }

  /**
   * Creates domain {@code name} in {@code segment}, or moves it there (its up nodes move with their
   * subscriptions).
   *
   * @throws IllegalArgumentException for a malformed name or an unknown segment
   */
  public Changes putDomain(String name, String segment) {
    Ids.check("domain", name);
    Segment target = inventory.segment(segment);
    String previous = domains.get(name);
    if (segment.equals(previous)) {
      return Changes.NONE;
    }
    domains.put(name, segment);
    if (previous == null) {
      return Changes.NONE;
    }
    Segment source = segments.get(previous);
    Op op = new Op(inventory);
    List<NodeRecord> moved = nodes.stream().filter(n -> n.up && n.domain.equals(name)).toList();
    Set<Integer> touched = new HashSet<>(inventory.globalsOf(source.upNodes));
    touched.addAll(inventory.globalsOf(target.upNodes));
    for (NodeRecord node : moved) {
      source.upNodes.remove(node.id);
      target.upNodes.add(node.id);
      for (String sub : node.subscriptions) {
        inventory.removeSubscriber(source, sub, node.global);
        target.names.computeIfAbsent(sub, k -> new NameEntry()).subscribers.add(node.global);
      }
    }
    op.relink(touched);
    op.reroute(source);
    op.reroute(target);
    return op.changes();
  }

  /**
   * Removes domain {@code name}.
   *
   * @throws IllegalArgumentException when it is unknown
   * @throws IllegalStateException while an up node is in it
   */
  public Changes removeDomain(String name) {
    if (name == null || !domains.containsKey(name)) {
      throw new IllegalArgumentException(
          "domain: " + Inventory.shown(name) + " (expected: a known domain)");
    }
    List<String> up =
        nodes.stream().filter(n -> n.up && n.domain.equals(name)).map(n -> n.id).sorted().toList();
    if (!up.isEmpty()) {
      throw new IllegalStateException(
          "domain: " + name + " (expected: no up node in it; " + up + " are up)");
    }
    domains.remove(name);
    return Changes.NONE;
  }

  // ---- nodes ----

  /**
   * Node {@code node} registered in {@code domain} and is connected. A node already up in another
   * domain is taken down first (its subscriptions are dropped). The changes list every link and
   * every route the node should now hold (it holds none before), so they, or {@link #links} and
   * {@link #routes}, make its first configuration; a node already up in that domain changes
   * nothing.
   *
   * @throws IllegalArgumentException for a malformed node id or an unknown domain
   */
  public Changes nodeUp(String node, String domain) {
    Ids.check("node", node);
    if (domain == null || !domains.containsKey(domain)) {
      throw new IllegalArgumentException(
          "domain: " + Inventory.shown(domain) + " (expected: a known domain)");
    }
    Integer known = nodeIndex.get(node);
    NodeRecord record;
    Op op = new Op(inventory);
    if (known == null) {
      record = new NodeRecord(nodes.size(), node);
      nodes.add(record);
      nodeIndex.put(node, record.global);
    } else {
      record = nodes.get(known);
      if (record.up && record.domain.equals(domain)) {
        return Changes.NONE;
      }
      if (record.up) {
        down(record, op);
      }
    }
    Segment segment = segments.get(domains.get(domain));
    int hubBefore = inventory.effectiveHub(segment);
    record.domain = domain;
    record.up = true;
    segment.upNodes.add(node);
    Set<Integer> touched = new HashSet<>(List.of(record.global));
    if (segment.mode == Mode.STAR && hubBefore != inventory.effectiveHub(segment)) {
      touched.addAll(inventory.globalsOf(segment.upNodes));
    }
    op.relink(touched);
    op.reroute(segment, true);
    return op.changes();
  }

  /**
   * Node {@code node} is gone: its links go and its subscriptions are dropped.
   *
   * @throws IllegalArgumentException for an unknown node
   */
  public Changes nodeDown(String node) {
    NodeRecord record = inventory.node(node);
    if (!record.up) {
      return Changes.NONE;
    }
    Op op = new Op(inventory);
    down(record, op);
    return op.changes();
  }

  private void down(NodeRecord record, Op op) {
    Segment segment = inventory.segmentOf(record);
    int hubBefore = inventory.effectiveHub(segment);
    for (String sub : record.subscriptions) {
      op.dirty(segment.names.get(sub));
      inventory.removeSubscriber(segment, sub, record.global);
    }
    record.subscriptions.clear();
    record.up = false;
    segment.upNodes.remove(record.id);
    Set<Integer> touched = new HashSet<>(List.of(record.global));
    if (segment.mode == Mode.STAR && hubBefore != inventory.effectiveHub(segment)) {
      touched.addAll(inventory.globalsOf(segment.upNodes));
    }
    op.relink(touched);
    op.reroute(segment, true);
  }

  // ---- explicit links ----

  /**
   * Adds the explicit link {@code a}-{@code b} (the {@code weft fabric link add} verb). It exists
   * while both nodes are up; in {@link Mode#PAIRS} segments only explicit links exist.
   *
   * @throws IllegalArgumentException for an unknown node, a self-link, or nodes of two segments
   */
  public Changes addLink(String a, String b) {
    NodeRecord ra = inventory.node(a);
    NodeRecord rb = inventory.node(b);
    checkPair(ra, rb);
    if (ra.explicitPeers.contains(rb.global)) {
      return Changes.NONE;
    }
    ra.explicitPeers.add(rb.global);
    rb.explicitPeers.add(ra.global);
    return relinkPair(ra);
  }

  /**
   * Removes the explicit link {@code a}-{@code b}.
   *
   * @throws IllegalArgumentException for an unknown node or a link that was not added
   */
  public Changes removeLink(String a, String b) {
    NodeRecord ra = inventory.node(a);
    NodeRecord rb = inventory.node(b);
    if (!ra.explicitPeers.contains(rb.global)) {
      throw new IllegalArgumentException(
          "link: " + a + "-" + b + " (expected: an explicit link added with addLink)");
    }
    ra.explicitPeers.remove(rb.global);
    rb.explicitPeers.remove(ra.global);
    return relinkPair(ra);
  }

  private Changes relinkPair(NodeRecord a) {
    Op op = new Op(inventory);
    if (op.relink(List.of(a.global))) {
      op.reroute(inventory.segmentOf(a), true);
    }
    return op.changes();
  }

  private void checkPair(NodeRecord a, NodeRecord b) {
    if (a == b) {
      throw new IllegalArgumentException(
          "link: " + a.id + "-" + b.id + " (expected: two different nodes)");
    }
    String sa = inventory.segmentNameOf(a);
    String sb = inventory.segmentNameOf(b);
    if (sa == null || !sa.equals(sb)) {
      throw new IllegalArgumentException(
          "link: "
              + a.id
              + "-"
              + b.id
              + " (expected: two nodes of one segment; "
              + a.id
              + " is in "
              + (sa == null ? "no segment" : sa)
              + ", "
              + b.id
              + " in "
              + (sb == null ? "no segment" : sb)
              + ")");
    }
  }

  // ---- subscriptions ----

  /**
   * Up node {@code node} has its first local subscriber of {@code name}.
   *
   * @throws IllegalArgumentException for an unknown or down node or a malformed name
   */
  public Changes subscribe(String node, String name) {
    return replace(inventory.upNode(node), name, true);
  }

  /**
   * Up node {@code node} lost its last local subscriber of {@code name}.
   *
   * @throws IllegalArgumentException for an unknown or down node or a malformed name
   */
  public Changes unsubscribe(String node, String name) {
    return replace(inventory.upNode(node), name, false);
  }

  private Changes replace(NodeRecord record, String name, boolean add) {
    checkName(name);
    if (record.subscriptions.contains(name) == add) {
      return Changes.NONE;
    }
    Set<String> next = new HashSet<>(record.subscriptions);
    if (add) {
      next.add(name);
    } else {
      next.remove(name);
    }
    return apply(record, next);
  }

  /**
   * Up node {@code node}'s full report: exactly {@code names} have a local subscriber.
   *
   * @throws IllegalArgumentException for an unknown or down node or a malformed name (then nothing
   *     changes)
   */
  public Changes replaceSubscriptions(String node, Set<String> names) {
    NodeRecord record = inventory.upNode(node);
    if (names == null) {
      throw new IllegalArgumentException("names: null (expected: a set of names, maybe empty)");
    }
    for (String name : names) {
      checkName(name);
    }
    return apply(record, new HashSet<>(names));
  }

  private Changes apply(NodeRecord record, Set<String> next) {
    Segment segment = inventory.segmentOf(record);
    Set<String> changed = new TreeSet<>();
    for (String name : record.subscriptions) {
      if (!next.contains(name)) {
        changed.add(name);
        inventory.removeSubscriber(segment, name, record.global);
      }
    }
    for (String name : next) {
      if (!record.subscriptions.contains(name)) {
        changed.add(name);
        segment.names.computeIfAbsent(name, k -> new NameEntry()).subscribers.add(record.global);
      }
    }
    record.subscriptions.clear();
    record.subscriptions.addAll(next);
    if (changed.isEmpty()) {
      return Changes.NONE;
    }
    if (segment.graph == null) {
      segment.graph = inventory.buildGraph(segment);
    }
    Op op = new Op(inventory);
    for (String name : changed) {
      op.rerouteName(segment, name, segment.graph);
    }
    if (segment.names.isEmpty()) {
      segment.graph = null;
    }
    return op.changes();
  }

  private static void checkName(String name) {
    if (name == null) {
      throw new IllegalArgumentException(
          "name: null (expected: org/namespace/service or org/namespace/service/id)");
    }
    Name.parse(name);
  }

  // ---- reads ----

  /**
   * The routes node {@code node} should hold now: name to next hops (sorted node ids), derived on
   * demand. Empty for a down node.
   *
   * @throws IllegalArgumentException for an unknown node
   */
  public Map<String, List<String>> routes(String node) {
    NodeRecord record = inventory.node(node);
    Segment segment = record.up ? inventory.segmentOf(record) : null;
    if (segment == null || segment.graph == null) {
      return Map.of();
    }
    return Routes.at(segment, record.global);
  }

  /**
   * The links node {@code node} should hold now, sorted by peer. Empty for a down node.
   *
   * @throws IllegalArgumentException for an unknown node
   */
  public List<LinkSpec> links(String node) {
    NodeRecord record = inventory.node(node);
    return record.adjacency.stream()
        .map(g -> nodes.get(g).id)
        .sorted()
        .map(peer -> new LinkSpec(peer, record.id.compareTo(peer) < 0))
        .toList();
  }

  /** The segments, sorted by name. */
  public List<SegmentSpec> segments() {
    return segments.values().stream().map(s -> new SegmentSpec(s.name, s.mode, s.hub)).toList();
  }

  /**
   * The hub segment {@code segment}'s star uses now: the configured hub when it is up in the
   * segment, else the up node of smallest id; empty when no node is up.
   *
   * @throws IllegalArgumentException for an unknown segment
   */
  public Optional<String> hub(String segment) {
    int hub = inventory.effectiveHub(inventory.segment(segment));
    return hub < 0 ? Optional.empty() : Optional.of(nodes.get(hub).id);
  }

  /** The domains and their segments, sorted by domain. */
  public Map<String, String> domains() {
    return new LinkedHashMap<>(domains);
  }

  /** Every node ever registered, up or down, sorted by id. */
  public List<NodeState> nodes() {
    return nodes.stream()
        .map(n -> new NodeState(n.id, n.domain, n.up))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .toList();
  }

  /** The explicit links, sorted. */
  public List<ExplicitLink> explicitLinks() {
    List<ExplicitLink> links = new ArrayList<>();
    for (NodeRecord n : nodes) {
      for (int peer : n.explicitPeers) {
        String other = nodes.get(peer).id;
        if (n.id.compareTo(other) < 0) {
          links.add(new ExplicitLink(n.id, other));
        }
      }
    }
    links.sort((a, b) -> (a.first() + "\0" + a.second()).compareTo(b.first() + "\0" + b.second()));
    return links;
  }

  /**
   * The names node {@code node} reported, sorted; empty for a down node.
   *
   * @throws IllegalArgumentException for an unknown node
   */
  public Set<String> subscriptions(String node) {
    return new TreeSet<>(inventory.node(node).subscriptions);
  }

  // ---- from scratch ----

  /** Whether {@code id} has ever been up (known nodes can be linked while down). */
  public boolean knowsNode(String id) {
    return id != null && nodeIndex.containsKey(id);
  }

  /** Whether the explicit link {@code a}-{@code b} was added. */
  public boolean hasExplicitLink(String a, String b) {
    if (!knowsNode(a) || !knowsNode(b)) {
      return false;
    }
    return inventory.node(a).explicitPeers.contains(nodeIndex.get(b));
  }

  /**
   * Recomputes every segment's up nodes, every link and every name's tree from the configuration,
   * the nodes and their subscriptions alone, and returns the difference from what the engine held
   * (normally none), which it then holds.
   */
  public Changes recomputeAll() {
    Op op = new Op(inventory);
    for (Segment segment : segments.values()) {
      segment.upNodes = new TreeSet<>();
    }
    for (NodeRecord n : nodes) {
      if (n.up) {
        inventory.segmentOf(n).upNodes.add(n.id);
      }
    }
    List<Integer> all = new ArrayList<>();
    for (NodeRecord n : nodes) {
      all.add(n.global);
    }
    op.relink(all);
    for (Segment segment : segments.values()) {
      Map<String, NameEntry> fresh = new HashMap<>();
      segment.names.forEach(
          (name, entry) -> fresh.computeIfAbsent(name, k -> new NameEntry()).tree = entry.tree);
      for (String id : segment.upNodes) {
        NodeRecord n = nodes.get(nodeIndex.get(id));
        for (String name : n.subscriptions) {
          fresh.computeIfAbsent(name, k -> new NameEntry()).subscribers.add(n.global);
        }
      }
      segment.names = fresh;
      op.reroute(segment);
    }
    return op.changes();
  }
}
