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

  /** The tree of the subscribers {@code subscribers} (local indexes of {@code graph}). */
  static NameTree of(Graph graph, int[] subscribers) {
    // The root of each component: its subscriber of smallest index (so of smallest id).
    Map<Integer, Integer> rootByComponent = new HashMap<>();
    int[] roots;
    if (graph.components() == 1) {
      int min = Integer.MAX_VALUE;
      for (int s : subscribers) {
        min = Math.min(min, s);
      }
      roots = new int[] {min};
    } else {
      for (int s : subscribers) {
        rootByComponent.merge(graph.component(s), s, Math::min);
      }
      roots = rootByComponent.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    Graph.Scratch scratch = graph.scratch();
    int[] parentInTree = scratch.values;
    int[] nodes = new int[Math.max(16, subscribers.length * 2)];
    int count = 0;
    for (int s : subscribers) {
      int root = roots.length == 1 ? roots[0] : rootByComponent.get(graph.component(s));
      Spt spt = graph.spt(root);
      int x = s;
      while (!scratch.marked(x)) {
        scratch.mark(x);
        if (count == nodes.length) {
          nodes = Arrays.copyOf(nodes, count * 2);
        }
        nodes[count++] = x;
        parentInTree[x] = spt.parent(x);
        if (x == root) {
          break;
        }
        x = parentInTree[x];
      }
    }
    nodes = Arrays.copyOf(nodes, count);
    Arrays.sort(nodes);
    int[] degree = new int[nodes.length];
    int[] parentSlot = new int[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      int p = parentInTree[nodes[i]];
      parentSlot[i] = p < 0 ? -1 : Arrays.binarySearch(nodes, p);
      if (p >= 0) {
        degree[i]++;
        degree[parentSlot[i]]++;
      }
    }
    int[][] hops = new int[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      hops[i] = degree[i] == 0 ? NONE : new int[degree[i]];
      degree[i] = 0;
    }
    for (int i = 0; i < nodes.length; i++) {
      int j = parentSlot[i];
      if (j >= 0) {
        hops[i][degree[i]++] = nodes[j];
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

  /** Reads this tree's routes with the shortest-path trees of its roots fetched once. */
  Router router() {
    Spt[] spts = new Spt[roots.length];
    for (int i = 0; i < roots.length; i++) {
      spts[i] = graph.spt(roots[i]);
    }
    return new Router(this, spts);
  }

  /** A tree with its roots' shortest-path trees: the route of any node, without the cache. */
  static final class Router {
    final NameTree tree;
    private final Spt[] spts;
    private int[] dense;

    private Router(NameTree tree, Spt[] spts) {
      this.tree = tree;
      this.spts = spts;
    }

    /** Indexes the tree's nodes in an array, before asking about many nodes of the graph. */
    Router indexed() {
      if (dense == null && tree.nodes.length > 8) {
        int[] index = new int[tree.graph.size()];
        Arrays.fill(index, -1);
        for (int i = 0; i < tree.nodes.length; i++) {
          index[tree.nodes[i]] = i;
        }
        dense = index;
      }
      return this;
    }

    /** The index of {@code local} in the tree's nodes, or a negative number. */
    int slot(int local) {
      return dense != null ? dense[local] : tree.slot(local);
    }

    /** The next hop of off-tree node {@code local}, or -1 when it has none. */
    int offTree(int local) {
      if (spts.length == 1) {
        return spts[0].parent(local);
      }
      int component = tree.graph.component(local);
      for (int i = 0; i < spts.length; i++) {
        if (tree.graph.component(tree.roots[i]) == component) {
          return spts[i].parent(local);
        }
      }
      return -1;
    }

    /** The next hops (local, ascending) of {@code local}; empty when it has no route. */
    int[] route(int local) {
      int slot = slot(local);
      if (slot >= 0) {
        return tree.hops[slot];
      }
      int p = offTree(local);
      return p < 0 ? NONE : new int[] {p};
    }

    /** Whether {@code local} has a route. */
    boolean hasRoute(int local) {
      int slot = slot(local);
      return slot >= 0 ? tree.hops[slot].length > 0 : offTree(local) >= 0;
    }
  }
}
