package dev.weft.controller.topology;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The delivery tree of one name in one segment, on one {@link Graph}. In each connected component
 * that holds subscribers, the root is the subscriber of smallest id and the tree is the union of
 * the shortest-path-tree paths from the component's subscribers to it (so every leaf is a
 * subscriber). A node in the tree forwards to its tree neighbours; a node outside it forwards to
 * its parent in the shortest-path tree of its component's root. Immutable; it keeps no parent array
 * (those stay in the graph's bounded cache), only its own small tree.
 */
final class NameTree {
  private static final int[] NONE = new int[0];

  final Graph graph;

  /** The roots (local), ascending: one per component with subscribers. */
  final int[] roots;

  /** The tree's nodes (local), ascending. */
  final int[] nodes;

  /** The tree neighbours of {@code nodes[i]} (local), ascending. */
  final int[][] hops;

  private NameTree(Graph graph, int[] roots, int[] nodes, int[][] hops) {
    this.graph = graph;
    this.roots = roots;
    this.nodes = nodes;
    this.hops = hops;
  }

  /**
   * The tree of the subscribers {@code subscribers} (local indexes of {@code graph}, ascending).
   */
  static NameTree of(Graph graph, int[] subscribers) {
    Map<Integer, Integer> rootByComponent = new HashMap<>();
    int[] roots = new int[subscribers.length];
    int rootCount = 0;
    for (int s : subscribers) {
      if (rootByComponent.putIfAbsent(graph.component(s), s) == null) {
        roots[rootCount++] = s;
      }
    }
    roots = Arrays.copyOf(roots, rootCount);
    Arrays.sort(roots);
    Map<Integer, Integer> parentInTree = new HashMap<>();
    for (int s : subscribers) {
      int root = rootByComponent.get(graph.component(s));
      int[] parent = graph.spt(root);
      int x = s;
      while (!parentInTree.containsKey(x)) {
        if (x == root) {
          parentInTree.put(x, -1);
          break;
        }
        parentInTree.put(x, parent[x]);
        x = parent[x];
      }
    }
    int[] nodes = new int[parentInTree.size()];
    int k = 0;
    for (int node : parentInTree.keySet()) {
      nodes[k++] = node;
    }
    Arrays.sort(nodes);
    int[] degree = new int[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      int p = parentInTree.get(nodes[i]);
      if (p >= 0) {
        degree[i]++;
        degree[Arrays.binarySearch(nodes, p)]++;
      }
    }
    int[][] hops = new int[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      hops[i] = degree[i] == 0 ? NONE : new int[degree[i]];
      degree[i] = 0;
    }
    for (int i = 0; i < nodes.length; i++) {
      int p = parentInTree.get(nodes[i]);
      if (p >= 0) {
        int j = Arrays.binarySearch(nodes, p);
        hops[i][degree[i]++] = p;
        hops[j][degree[j]++] = nodes[i];
      }
    }
    for (int[] h : hops) {
      Arrays.sort(h);
    }
    return new NameTree(graph, roots, nodes, hops);
  }

  /**
   * This tree on {@code other}, a later graph of the segment that still holds all its nodes (with
   * the same links between them): the same nodes, renumbered.
   */
  NameTree on(Graph other) {
    if (other == graph) {
      return this;
    }
    int[] mappedNodes = map(nodes, other);
    int[][] mappedHops = new int[hops.length][];
    for (int i = 0; i < hops.length; i++) {
      mappedHops[i] = hops[i].length == 0 ? NONE : map(hops[i], other);
    }
    return new NameTree(other, map(roots, other), mappedNodes, mappedHops);
  }

  private int[] map(int[] locals, Graph other) {
    int[] out = new int[locals.length];
    for (int i = 0; i < locals.length; i++) {
      out[i] = other.local(graph.global(locals[i]));
      if (out[i] < 0) {
        throw new IllegalStateException("a kept tree lost node " + graph.id(locals[i]));
      }
    }
    return out;
  }

  /** The index of {@code local} in {@link #nodes}, or a negative number when it is off the tree. */
  int slot(int local) {
    return Arrays.binarySearch(nodes, local);
  }

  /** Reads this tree's routes with the parent arrays of its roots fetched once. */
  Router router() {
    int[][] parents = new int[roots.length][];
    for (int i = 0; i < roots.length; i++) {
      parents[i] = graph.spt(roots[i]);
    }
    return new Router(this, parents);
  }

  /** A tree with its roots' parent arrays: the route of any node, without the cache. */
  static final class Router {
    final NameTree tree;
    private final int[][] parents;

    private Router(NameTree tree, int[][] parents) {
      this.tree = tree;
      this.parents = parents;
    }

    /** The next hop of off-tree node {@code local}, or -1 when it has none. */
    int offTree(int local) {
      if (parents.length == 1) {
        return parents[0][local];
      }
      int component = tree.graph.component(local);
      for (int i = 0; i < parents.length; i++) {
        if (tree.graph.component(tree.roots[i]) == component) {
          return parents[i][local];
        }
      }
      return -1;
    }

    /** The next hops (local, ascending) of {@code local}; empty when it has no route. */
    int[] route(int local) {
      int slot = tree.slot(local);
      if (slot >= 0) {
        return tree.hops[slot];
      }
      int p = offTree(local);
      return p < 0 ? NONE : new int[] {p};
    }

    /** Whether {@code local} has a route. */
    boolean hasRoute(int local) {
      int slot = tree.slot(local);
      return slot >= 0 ? tree.hops[slot].length > 0 : offTree(local) >= 0;
    }
  }
}
