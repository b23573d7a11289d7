package dev.weft.controller.topology;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An immutable snapshot of one segment's links among its up nodes, as int arrays (CSR). Local
 * indexes follow the node ids' order, so "smallest id" is "smallest index" and every neighbour list
 * is sorted by id. Shortest-path trees (one parent array per root) are computed by BFS and kept in
 * a small LRU cache bounded by memory.
 *
 * <p>The shortest-path tree of root {@code r} gives each node {@code n != r} reachable from it the
 * parent: the neighbour of smallest id among those one hop closer to {@code r}. It depends only on
 * the graph, so it can be computed from the root (BFS from {@code r}) or from the node ({@link
 * #towardFrom}): both give the same answer.
 *
 * <p>Not thread-safe (the cache and the scratch arrays); the parent arrays it hands out are never
 * written after they are returned.
 */
final class Graph {
  /** The cache keeps at most this many ints of parent arrays (16 MB). */
  private static final int CACHE_INTS = 4_000_000;

  private final String[] ids;
  private final int[] globals;
  private final int[] localOf;
  private final int[] offsets;
  private final int[] targets;
  private final int[] component;
  private final int componentCount;
  private final Map<Integer, int[]> sptCache;
  private int[] dist;
  private int[] queue;
  private Scratch scratch;

  private Graph(String[] ids, int[] globals, int globalCount, int[] offsets, int[] targets) {
    this.ids = ids;
    this.globals = globals;
    this.localOf = new int[globalCount];
    Arrays.fill(localOf, -1);
    for (int i = 0; i < globals.length; i++) {
      localOf[globals[i]] = i;
    }
    this.offsets = offsets;
    this.targets = targets;
    this.component = labelComponents();
    int count = 0;
    for (int c : component) {
      count = Math.max(count, c + 1);
    }
    this.componentCount = count;
    int capacity = Math.clamp(CACHE_INTS / Math.max(1, ids.length), 8, 4096);
    this.sptCache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Builds the graph of the nodes {@code sortedIds} (sorted, their global indexes in {@code
   * globalsInOrder}); {@code neighbours} gives the global indexes a node is linked with (all of
   * them among these nodes).
   */
  static Graph build(
      String[] sortedIds,
      int[] globalsInOrder,
      int globalCount,
      IntFunction<Collection<Integer>> neighbours) {
    int n = sortedIds.length;
    int[] localOf = new int[globalCount];
    Arrays.fill(localOf, -1);
    for (int i = 0; i < n; i++) {
      localOf[globalsInOrder[i]] = i;
    }
    int[] offsets = new int[n + 1];
    int[][] lists = new int[n][];
    for (int i = 0; i < n; i++) {
      Collection<Integer> adjacent = neighbours.apply(globalsInOrder[i]);
      int[] list = new int[adjacent.size()];
      int k = 0;
      for (int g : adjacent) {
        int local = localOf[g];
        if (local < 0) {
          throw new IllegalStateException("link to a node outside the segment: " + g);
        }
        list[k++] = local;
      }
      Arrays.sort(list);
      lists[i] = list;
      offsets[i + 1] = offsets[i] + list.length;
    }
    int[] targets = new int[offsets[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(lists[i], 0, targets, offsets[i], lists[i].length);
    }
    return new Graph(sortedIds, globalsInOrder, globalCount, offsets, targets);
  }

  /** The number of nodes. */
  int size() {
    return ids.length;
  }

  /** The number of links. */
  int links() {
    return targets.length / 2;
  }

  /** The id of local node {@code local}. */
  String id(int local) {
    return ids[local];
  }

  /** The global index of local node {@code local}. */
  int global(int local) {
    return globals[local];
  }

  /** The local index of global node {@code global}, or -1 when it is not in this graph. */
  int local(int global) {
    return global < localOf.length ? localOf[global] : -1;
  }

  /** The number of connected components. */
  int components() {
    return componentCount;
  }

  /** The connected component of local node {@code local} (numbered from 0). */
  int component(int local) {
    return component[local];
  }

  /** The number of links of local node {@code local}. */
  int degree(int local) {
    return offsets[local + 1] - offsets[local];
  }

  /** The {@code i}th neighbour (local, ascending) of local node {@code local}. */
  int neighbour(int local, int i) {
    return targets[offsets[local] + i];
  }

  /** Whether {@code other} has exactly the same nodes and links. */
  boolean sameAs(Graph other) {
    return Arrays.equals(ids, other.ids)
        && Arrays.equals(globals, other.globals)
        && Arrays.equals(offsets, other.offsets)
        && Arrays.equals(targets, other.targets);
  }

  /**
   * The shortest-path tree rooted at local node {@code root}: the parent of each node reachable
   * from it, -1 for the root and for nodes not reachable.
   */
  Spt spt(int root) {
    if (degree(root) == 1) {
      int via = neighbour(root, 0);
      return new Spt(parents(via), root, via);
    }
    return new Spt(parents(root), root);
  }

  /** The parent array of {@link #spt}({@code root}), from the cache or a search. */
  private int[] parents(int root) {
    int[] cached = sptCache.get(root);
    if (cached != null) {
      return cached;
    }
    int[] parent = bfs(root);
    sptCache.put(root, parent);
    return parent;
  }

  private int[] bfs(int root) {
    int n = ids.length;
    int[] d = scratchDist();
    int[] q = scratchQueue();
    Arrays.fill(d, -1);
    int[] parent = new int[n];
    Arrays.fill(parent, -1);
    d[root] = 0;
    q[0] = root;
    int head = 0;
    int tail = 1;
    while (head < tail) {
      int u = q[head++];
      int next = d[u] + 1;
      for (int e = offsets[u]; e < offsets[u + 1]; e++) {
        int v = targets[e];
        if (d[v] < 0) {
          d[v] = next;
          parent[v] = u;
          q[tail++] = v;
        } else if (d[v] == next && u < parent[v]) {
          parent[v] = u;
        }
      }
    }
    return parent;
  }

  /** The hop count from local node {@code from} to every node, -1 when unreachable. */
  int[] distances(int from) {
    int[] d = new int[ids.length];
    Arrays.fill(d, -1);
    int[] q = scratchQueue();
    d[from] = 0;
    q[0] = from;
    int head = 0;
    int tail = 1;
    while (head < tail) {
      int u = q[head++];
      for (int e = offsets[u]; e < offsets[u + 1]; e++) {
        int v = targets[e];
        if (d[v] < 0) {
          d[v] = d[u] + 1;
          q[tail++] = v;
        }
      }
    }
    return d;
  }

  /**
   * From local node {@code from}: for every other node, which neighbour of {@code from} is its
   * parent in that node's shortest-path tree (one BFS that carries, per node, the set of first hops
   * on shortest paths to it).
   */
  Toward towardFrom(int from) {
    int n = ids.length;
    int degree = offsets[from + 1] - offsets[from];
    if (degree == 1) {
      return new Toward(from, 0, null, null);
    }
    int words = Math.max(1, (degree + 63) >>> 6);
    long[] masks = new long[n * words];
    int[] d = new int[n];
    Arrays.fill(d, -1);
    int[] q = scratchQueue();
    d[from] = 0;
    int tail = 0;
    for (int i = 0; i < degree; i++) {
      int v = targets[offsets[from] + i];
      d[v] = 1;
      masks[v * words + (i >>> 6)] |= 1L << (i & 63);
      q[tail++] = v;
    }
    int head = 0;
    while (head < tail) {
      int u = q[head++];
      int next = d[u] + 1;
      for (int e = offsets[u]; e < offsets[u + 1]; e++) {
        int v = targets[e];
        if (d[v] < 0) {
          d[v] = next;
          q[tail++] = v;
        } else if (d[v] != next) {
          continue;
        }
        for (int w = 0; w < words; w++) {
          masks[v * words + w] |= masks[u * words + w];
        }
      }
    }
    return new Toward(from, words, masks, d);
  }

  /** The answer of {@link #towardFrom}. */
  final class Toward {
    private final int from;
    private final int words;
    private final long[] masks;
    private final int[] dist;

    private Toward(int from, int words, long[] masks, int[] dist) {
      this.from = from;
      this.words = words;
      this.masks = masks;
      this.dist = dist;
    }

    /**
     * The origin's parent in the shortest-path tree of {@code root}, or -1 (root or unreachable).
     */
    int parentToward(int root) {
      if (masks == null) {
        // One link: every path leaves through it.
        return root == from || component[root] != component[from] ? -1 : targets[offsets[from]];
      }
      if (root == from || dist[root] < 0) {
        return -1;
      }
      for (int w = 0; w < words; w++) {
        long bits = masks[root * words + w];
        if (bits != 0) {
          return targets[offsets[from] + (w << 6) + Long.numberOfTrailingZeros(bits)];
        }
      }
      throw new IllegalStateException("no first hop toward a reachable node");
    }
  }

  private int[] labelComponents() {
    int n = ids.length;
    int[] comp = new int[n];
    Arrays.fill(comp, -1);
    int[] q = scratchQueue();
    int next = 0;
    for (int s = 0; s < n; s++) {
      if (comp[s] >= 0) {
        continue;
      }
      comp[s] = next;
      q[0] = s;
      int head = 0;
      int tail = 1;
      while (head < tail) {
        int u = q[head++];
        for (int e = offsets[u]; e < offsets[u + 1]; e++) {
          int v = targets[e];
          if (comp[v] < 0) {
            comp[v] = next;
            q[tail++] = v;
          }
        }
      }
      next++;
    }
    return comp;
  }

  /**
   * Per-node scratch values with marks that clear in O(1): valid until the next call of {@link
   * #scratch} on this graph.
   */
  Scratch scratch() {
    if (scratch == null) {
      scratch = new Scratch(ids.length);
    }
    scratch.clear();
    return scratch;
  }

  /** See {@link #scratch}. */
  static final class Scratch {
    /** A value per node, meaningful for marked nodes only. */
    final int[] values;

    private final int[] stamps;
    private int stamp;

    private Scratch(int size) {
      values = new int[size];
      stamps = new int[size];
    }

    private void clear() {
      if (++stamp == Integer.MAX_VALUE) {
        Arrays.fill(stamps, 0);
        stamp = 1;
      }
    }

    boolean marked(int local) {
      return stamps[local] == stamp;
    }

    void mark(int local) {
      stamps[local] = stamp;
    }
  }

  private int[] scratchDist() {
    if (dist == null) {
      dist = new int[ids.length];
    }
    return dist;
  }

  private int[] scratchQueue() {
    if (queue == null) {
      queue = new int[ids.length];
    }
    return queue;
  }
}
