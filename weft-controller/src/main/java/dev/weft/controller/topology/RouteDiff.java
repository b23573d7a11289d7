package dev.weft.controller.topology;

import dev.weft.controller.topology.NameTree.Router;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The nodes whose route of one name differs between two trees of that name (either may be absent),
 * on the same graph or on two versions of a segment's graph. It looks only where a route can
 * differ: with the same graph and the same roots, only the two trees' nodes (every other node
 * forwards to the same shortest-path parent); with the same single root on two graphs, the trees'
 * nodes and the nodes whose parent toward that root changed (computed once per root and shared by
 * the names of that root); otherwise every node.
 */
final class RouteDiff {
  private Graph deltaBefore;
  private Graph deltaAfter;
  private int deltaRoot = -1;
  private int[] delta;

  /**
   * The changes of {@code name} from {@code before} to {@code after} (null: the name has no
   * subscriber there), restricted to the nodes {@code upAfter} accepts (global indexes), or null
   * when nothing changed.
   */
  RouteChangeList.Chunk diff(String name, NameTree before, NameTree after, IntPredicate upAfter) {
    if (before == null && after == null) {
      return null;
    }
    Router rb = before == null ? null : before.router();
    Router ra = after == null ? null : after.router();
    IntBuffer changed = new IntBuffer(16);
    if (before == null) {
      Graph g = after.graph;
      ra.indexed();
      changed = new IntBuffer(g.size());
      for (int x = 0; x < g.size(); x++) {
        if (ra.hasRoute(x)) {
          changed.add(g.global(x));
        }
      }
    } else if (after == null) {
      Graph g = before.graph;
      rb.indexed();
      changed = new IntBuffer(g.size());
      for (int x = 0; x < g.size(); x++) {
        if (rb.hasRoute(x) && upAfter.test(g.global(x))) {
          changed.add(g.global(x));
        }
      }
    } else if (before.graph == after.graph) {
      Graph g = after.graph;
      if (Arrays.equals(before.roots, after.roots)) {
        if (before.nodes.length + after.nodes.length > 256) {
          rb.indexed();
          ra.indexed();
        }
        for (int x : union(before.nodes, after.nodes)) {
          if (!sameLocal(rb, ra, x)) {
            changed.add(g.global(x));
          }
        }
      } else {
        rb.indexed();
        ra.indexed();
        changed = new IntBuffer(g.size());
        for (int x = 0; x < g.size(); x++) {
          if (!sameLocal(rb, ra, x)) {
            changed.add(g.global(x));
          }
        }
      }
    } else {
      int[] candidates = candidates(before, after);
      if (candidates.length > 64) {
        rb.indexed();
        ra.indexed();
      }
      for (int g : candidates) {
        if (upAfter.test(g) && !sameRoute(rb, before.graph.local(g), ra, after.graph.local(g))) {
          changed.add(g);
        }
      }
    }
    if (changed.size() == 0) {
      return null;
    }
    return RouteChangeList.Chunk.lazy(
        name, changed.toArray(), before == null ? null : before.graph, ra);
  }

  /** Whether local node {@code x} has the same route in two trees on one graph. */
  private static boolean sameLocal(Router a, Router b, int x) {
    int sa = a.slot(x);
    int sb = b.slot(x);
    if (sa < 0 && sb < 0) {
      return a.offTree(x) == b.offTree(x);
    }
    if (sa >= 0 && sb >= 0) {
      return Arrays.equals(a.tree.hops[sa], b.tree.hops[sb]);
    }
    int[] hops = sa >= 0 ? a.tree.hops[sa] : b.tree.hops[sb];
    int off = sa >= 0 ? b.offTree(x) : a.offTree(x);
    return off < 0 ? hops.length == 0 : hops.length == 1 && hops[0] == off;
  }

  /** The global nodes to compare across two graphs. */
  private int[] candidates(NameTree before, NameTree after) {
    Graph gb = before.graph;
    Graph ga = after.graph;
    if (before.roots.length == 1
        && after.roots.length == 1
        && gb.global(before.roots[0]) == ga.global(after.roots[0])) {
      int root = gb.global(before.roots[0]);
      IntBuffer all = new IntBuffer(16);
      for (int x : before.nodes) {
        all.add(gb.global(x));
      }
      for (int x : after.nodes) {
        all.add(ga.global(x));
      }
      for (int g : delta(gb, ga, root)) {
        all.add(g);
      }
      int[] sorted = all.toArray();
      Arrays.sort(sorted);
      return Arrays.stream(sorted).distinct().toArray();
    }
    IntBuffer all = new IntBuffer(gb.size() + ga.size());
    for (int x = 0; x < gb.size(); x++) {
      all.add(gb.global(x));
    }
    for (int x = 0; x < ga.size(); x++) {
      if (gb.local(ga.global(x)) < 0) {
        all.add(ga.global(x));
      }
    }
    return all.toArray();
  }

  /** The global nodes whose parent toward {@code root} differs between the two graphs. */
  private int[] delta(Graph gb, Graph ga, int root) {
    if (gb == deltaBefore && ga == deltaAfter && root == deltaRoot) {
      return delta;
    }
    Spt pb = gb.spt(gb.local(root));
    Spt pa = ga.spt(ga.local(root));
    IntBuffer out = new IntBuffer(16);
    for (int x = 0; x < gb.size(); x++) {
      int g = gb.global(x);
      int y = ga.local(g);
      int pbx = pb.parent(x);
      int pay = y < 0 ? -1 : pa.parent(y);
      int before = pbx < 0 ? -1 : gb.global(pbx);
      int after = pay < 0 ? -1 : ga.global(pay);
      if (before != after) {
        out.add(g);
      }
    }
    for (int y = 0; y < ga.size(); y++) {
      if (pa.parent(y) >= 0 && gb.local(ga.global(y)) < 0) {
        out.add(ga.global(y));
      }
    }
    deltaBefore = gb;
    deltaAfter = ga;
    deltaRoot = root;
    delta = out.toArray();
    return delta;
  }

  private static boolean sameRoute(Router rb, int lb, Router ra, int la) {
    int[] hb = lb < 0 ? new int[0] : rb.route(lb);
    int[] ha = la < 0 ? new int[0] : ra.route(la);
    if (hb.length != ha.length) {
      return false;
    }
    for (int i = 0; i < hb.length; i++) {
      if (rb.tree.graph.global(hb[i]) != ra.tree.graph.global(ha[i])) {
        return false;
      }
    }
    return true;
  }

  private static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      int next;
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        next = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        next = b[j++];
      } else {
        next = a[i++];
        j++;
      }
      out[k++] = next;
    }
    return Arrays.copyOf(out, k);
  }

  /** A growable int array. */
  static final class IntBuffer {
    private int[] values;
    private int size;

    IntBuffer(int capacity) {
      values = new int[Math.max(capacity, 4)];
    }

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
