package dev.weft.controller.topology;

import dev.weft.controller.topology.Model.NameEntry;
import dev.weft.controller.topology.Model.NodeRecord;
import dev.weft.controller.topology.Model.Segment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The changes of one engine call, built as the call applies them. */
final class Op {
  private final Inventory inventory;

  private final Map<String, LinkChange> links = new TreeMap<>();
  private final List<RouteChangeList.Chunk> routes = new ArrayList<>();
  private final List<RouteChange> listed = new ArrayList<>();
  private final RouteDiff diff = new RouteDiff();

  /** The names whose subscribers this call changed (compared by identity). */
  private final Set<NameEntry> dirty = new HashSet<>();

  Op(Inventory inventory) {
    this.inventory = inventory;
  }

  /** Brings the links of {@code globals} (and their peers) to the desired ones. */
  boolean relink(Collection<Integer> globals) {
    boolean changed = false;
    for (int g : globals) {
      NodeRecord n = inventory.nodes.get(g);
      Set<Integer> want = inventory.desired(n);
      for (int peer : List.copyOf(n.adjacency)) {
        if (!want.contains(peer)) {
          n.adjacency.remove(peer);
          inventory.nodes.get(peer).adjacency.remove(g);
          record(n, inventory.nodes.get(peer), false);
          changed = true;
        }
      }
      for (int peer : want) {
        if (n.adjacency.add(peer)) {
          inventory.nodes.get(peer).adjacency.add(g);
          record(n, inventory.nodes.get(peer), true);
          changed = true;
        }
      }
    }
    return changed;
  }

  private void record(NodeRecord a, NodeRecord b, boolean up) {
    boolean aFirst = a.id.compareTo(b.id) < 0;
    String dialer = aFirst ? a.id : b.id;
    String acceptor = aFirst ? b.id : a.id;
    String key = dialer + "\0" + acceptor;
    LinkChange before = links.get(key);
    if (before != null && before.up() != up) {
      links.remove(key);
    } else {
      links.put(key, new LinkChange(dialer, acceptor, up));
    }
  }

  /** Marks the subscribers of {@code entry} (if any) as changed by this call. */
  void dirty(NameEntry entry) {
    if (entry != null) {
      dirty.add(entry);
    }
  }

  /** Recomputes every name of {@code segment} on its graph as it is now. */
  void reroute(Segment segment) {
    reroute(segment, false);
  }

  /**
   * Recomputes the names of {@code segment} on its graph as it is now: with {@code prune}, only
   * those the change can affect ({@link Pruner}); without, all of them.
   */
  void reroute(Segment segment, boolean prune) {
    if (segment.names.isEmpty()) {
      segment.graph = null;
      return;
    }
    Graph before = segment.graph;
    Graph graph = inventory.buildGraph(segment);
    if (before != null && before.sameAs(graph)) {
      graph = before;
    }
    Pruner pruner = prune && before != null ? Pruner.of(before, graph) : null;
    List<Map.Entry<String, Integer>> order = new ArrayList<>();
    for (Map.Entry<String, NameEntry> e : segment.names.entrySet()) {
      NameEntry entry = e.getValue();
      if (pruner != null
          && entry.tree != null
          && !dirty.contains(entry)
          && pruner.keeps(entry.tree)) {
        entry.tree = entry.tree.on(graph);
        pruner.addedRoutes(e.getKey(), entry.tree, listed);
        continue;
      }
      int first = Integer.MAX_VALUE;
      for (int s : e.getValue().subscribers) {
        first = Math.min(first, graph.local(s));
      }
      order.add(Map.entry(e.getKey(), first));
    }
    order.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Integer> e : order) {
      rerouteName(segment, e.getKey(), graph);
    }
    segment.graph = segment.names.isEmpty() ? null : graph;
  }

  /** Recomputes the tree of {@code name} in {@code segment} on {@code graph}. */
  void rerouteName(Segment segment, String name, Graph graph) {
    NameEntry entry = segment.names.get(name);
    NameTree after = null;
    if (!entry.subscribers.isEmpty()) {
      int[] locals = new int[entry.subscribers.size()];
      int k = 0;
      for (int s : entry.subscribers) {
        locals[k++] = graph.local(s);
      }
      after = NameTree.of(graph, locals);
    }
    RouteChangeList.Chunk chunk =
        diff.diff(name, entry.tree, after, g -> inventory.nodes.get(g).up);
    if (chunk != null) {
      routes.add(chunk);
    }
    if (after == null) {
      segment.names.remove(name);
    } else {
      entry.tree = after;
    }
  }

  Changes changes() {
    if (!listed.isEmpty()) {
      routes.add(RouteChangeList.Chunk.listed(listed));
      listed.clear();
    }
    if (links.isEmpty() && routes.isEmpty()) {
      return Changes.NONE;
    }
    return new Changes(
        List.copyOf(links.values()), routes.isEmpty() ? List.of() : new RouteChangeList(routes));
  }
}
