package dev.weft.controller.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which names a change of a segment's links or nodes cannot affect, so that only the others
 * are recomputed. The shortest-path tree of root {@code r} is unchanged (on the nodes both graphs
 * share) when every changed link {@code u-v}, in the graph that has it, joins two nodes at the same
 * distance from {@code r}, or joins a node {@code x} that only that graph has to a neighbour that
 * is not one hop farther from {@code r} than {@code x} (so {@code x} is nobody's parent and
 * shortens no path). A name whose subscribers did not change and whose single root has such an
 * unchanged tree keeps its tree; a node that came up only gains a route toward the root. The
 * distances come from one search from each end of each changed link, so the test is skipped (every
 * name recomputed) when more than {@value #MAX_ENDPOINTS} nodes are ends.
 */
final class Pruner {
  private static final int MAX_ENDPOINTS = 64;

  private final Graph before;
  private final Graph after;

  /** The changed links: {u, v, 1 when only the new graph has it, 0 when only the old one}. */
  private final List<int[]> edges;

  private final Map<Long, int[]> distances = new HashMap<>();
  private final Map<Integer, Boolean> affected = new HashMap<>();
  private final int[] added;
  private final Map<Integer, Graph.Toward> toward = new HashMap<>();

  private Pruner(Graph before, Graph after, List<int[]> edges, int[] added) {
    this.before = before;
    this.after = after;
    this.edges = edges;
    this.added = added;
  }

  /** A pruner for the change from {@code before} to {@code after}; null when too much changed. */
  static Pruner of(Graph before, Graph after) {
    List<int[]> edges = new ArrayList<>();
    changedLinks(before, after, 0, edges);
    changedLinks(after, before, 1, edges);
    Set<Integer> ends = new HashSet<>();
    for (int[] e : edges) {
      ends.add(e[0]);
      ends.add(e[1]);
    }
    if (ends.size() > MAX_ENDPOINTS) {
      return null;
    }
    List<Integer> added = new ArrayList<>();
    for (int y = 0; y < after.size(); y++) {
      if (before.local(after.global(y)) < 0) {
        added.add(after.global(y));
      }
    }
    if (added.size() > MAX_ENDPOINTS) {
      return null;
    }
    return new Pruner(before, after, edges, added.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Adds to {@code out} each link of {@code graph} that {@code other} lacks, once (from its end of
   * smaller global index), as {u, v, mark}.
   */
  private static void changedLinks(Graph graph, Graph other, int mark, List<int[]> out) {
    for (int x = 0; x < graph.size(); x++) {
      int g = graph.global(x);
      int ox = other.local(g);
      Set<Integer> kept = new HashSet<>();
      if (ox >= 0) {
        for (int i = 0; i < other.degree(ox); i++) {
          kept.add(other.global(other.neighbour(ox, i)));
        }
      }
      for (int i = 0; i < graph.degree(x); i++) {
        int h = graph.global(graph.neighbour(x, i));
        if (g < h && !kept.contains(h)) {
          out.add(new int[] {g, h, mark});
        }
      }
    }
  }

  /** Whether {@code tree} (on the old graph) stays as it is, its subscribers being unchanged. */
  boolean keeps(NameTree tree) {
    return tree.graph == before
        && tree.roots.length == 1
        && !affected.computeIfAbsent(before.global(tree.roots[0]), this::affects);
  }

  /** The routes that nodes which came up gain for a kept tree, now on the new graph. */
  void addedRoutes(String name, NameTree kept, List<RouteChange> out) {
    for (int g : added) {
      int x = after.local(g);
      int p = toward.computeIfAbsent(g, k -> after.towardFrom(x)).parentToward(kept.roots[0]);
      if (p >= 0) {
        out.add(new RouteChange(after.id(x), name, List.of(after.id(p))));
      }
    }
  }

  private boolean affects(int root) {
    if (before.local(root) < 0 || after.local(root) < 0) {
      return true;
    }
    for (int[] e : edges) {
      boolean inAfter = e[2] == 1;
      Graph graph = inAfter ? after : before;
      Graph other = inAfter ? before : after;
      int r = graph.local(root);
      int du = distances(e[0], inAfter)[r];
      int dv = distances(e[1], inAfter)[r];
      if (du == dv) {
        continue;
      }
      boolean uOnly = other.local(e[0]) < 0;
      boolean vOnly = other.local(e[1]) < 0;
      if (uOnly && vOnly) {
        continue;
      }
      if (uOnly && dv != du + 1 || vOnly && du != dv + 1) {
        continue;
      }
      return true;
    }
    return false;
  }

  private int[] distances(int global, boolean inAfter) {
    Graph graph = inAfter ? after : before;
    return distances.computeIfAbsent(
        ((long) global << 1) | (inAfter ? 1 : 0), k -> graph.distances(graph.local(global)));
  }
}
