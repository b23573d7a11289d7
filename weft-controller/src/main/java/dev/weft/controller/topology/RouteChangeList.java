package dev.weft.controller.topology;

import dev.weft.controller.topology.NameTree.Router;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The route changes of one engine call: per name, the nodes whose route changed and the tree to
 * read their new next hops from. Elements are built when read; everything they are built from is
 * immutable, so the list stays valid after later engine calls.
 */
final class RouteChangeList extends AbstractList<RouteChange> implements RandomAccess {

  /**
   * The changed nodes of one name.
   *
   * @param name the name
   * @param nodeIds the ids of the changed nodes
   * @param locals their local indexes in the new tree's graph, -1 when the route is deleted
   * @param after the new tree (null when the name is gone)
   */
  record Chunk(String name, String[] nodeIds, int[] locals, Router after) {}

  private final List<Chunk> chunks;
  private final int[] starts;
  private final int size;

  RouteChangeList(List<Chunk> chunks) {
    this.chunks = List.copyOf(chunks);
    this.starts = new int[this.chunks.size()];
    int total = 0;
    for (int i = 0; i < this.chunks.size(); i++) {
      starts[i] = total;
      total += this.chunks.get(i).nodeIds().length;
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
    // Several chunks can start at the same index only if some are empty; chunks never are.
    Chunk chunk = chunks.get(c);
    int i = index - starts[c];
    int local = chunk.locals()[i];
    List<String> hops;
    if (chunk.after() == null || local < 0) {
      hops = List.of();
    } else {
      int[] route = chunk.after().route(local);
      List<String> ids = new ArrayList<>(route.length);
      for (int hop : route) {
        ids.add(chunk.after().tree.graph.id(hop));
      }
      hops = ids;
    }
    return new RouteChange(chunk.nodeIds()[i], chunk.name(), hops);
  }

  @Override
  public int size() {
    return size;
  }
}
