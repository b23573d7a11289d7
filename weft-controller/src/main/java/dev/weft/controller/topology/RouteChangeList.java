package dev.weft.controller.topology;

import dev.weft.controller.topology.NameTree.Router;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The route changes of one engine call: per name, the nodes whose route changed and the tree to
 * read their new next hops from. Elements are built when read; everything they are built from is
 * immutable, so the list stays valid after later engine calls.
 */
final class RouteChangeList extends AbstractList<RouteChange> implements RandomAccess {

  /**
   * The changed nodes of one name: either read lazily from the new tree ({@code globals}, {@code
   * after}) or listed ({@code listed}).
   *
   * @param name the name
   * @param globals the changed nodes (global indexes)
   * @param before the graph of the old tree, to name nodes that left the new one (or null)
   * @param after the new tree (null when the name is gone)
   * @param listed the changes themselves, or null
   */
  record Chunk(String name, int[] globals, Graph before, Router after, List<RouteChange> listed) {
    static Chunk lazy(String name, int[] globals, Graph before, Router after) {
      return new Chunk(name, globals, before, after, null);
    }

    static Chunk listed(List<RouteChange> changes) {
      return new Chunk(null, null, null, null, List.copyOf(changes));
    }

    int size() {
      return listed != null ? listed.size() : globals.length;
    }

    RouteChange get(int i) {
      if (listed != null) {
        return listed.get(i);
      }
      int global = globals[i];
      int local = after == null ? -1 : after.tree.graph.local(global);
      String node = local >= 0 ? after.tree.graph.id(local) : before.id(before.local(global));
      if (local < 0) {
        return new RouteChange(node, name, List.of());
      }
      int[] route = after.route(local);
      String[] hops = new String[route.length];
      for (int h = 0; h < route.length; h++) {
        hops[h] = after.tree.graph.id(route[h]);
      }
      return new RouteChange(node, name, List.of(hops));
    }
  }

  private final List<Chunk> chunks;
  private final int[] starts;
  private final int size;

  RouteChangeList(List<Chunk> chunks) {
    this.chunks = List.copyOf(chunks);
    this.starts = new int[this.chunks.size()];
    int total = 0;
    for (int i = 0; i < this.chunks.size(); i++) {
      starts[i] = total;
      total += this.chunks.get(i).size();
    }
    this.size = total;
  }

  @Override
  public RouteChange get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index: " + index + " (expected: 0 to " + size + ")");
    }
    int c = java.util.Arrays.binarySearch(starts, index);
    if (c < 0) {
      c = -c - 2;
    }
    // No chunk is empty, so no two start at the same index.
    return chunks.get(c).get(index - starts[c]);
  }

  @Override
  public int size() {
    return size;
  }
}
