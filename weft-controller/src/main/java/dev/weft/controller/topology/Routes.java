package dev.weft.controller.topology;

import dev.weft.controller.topology.Model.NameEntry;
import dev.weft.controller.topology.Model.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A node's whole route table, derived on demand from its segment's trees. */
final class Routes {
  private Routes() {}

  /**
   * The routes of node {@code global} of {@code segment} (whose graph is current): name to next
   * hops. A node in a name's tree uses its tree neighbours; any other node its parent toward the
   * root of its component, found for every name by one search from the node.
   */
  static Map<String, List<String>> at(Segment segment, int global) {
    Graph graph = segment.graph;
    int local = graph.local(global);
    Graph.Toward toward = null;
    Map<String, List<String>> routes = new TreeMap<>();
    for (Map.Entry<String, NameEntry> e : segment.names.entrySet()) {
      NameTree tree = e.getValue().tree;
      int slot = tree.slot(local);
      if (slot >= 0) {
        int[] hops = tree.hops[slot];
        if (hops.length > 0) {
          List<String> ids = new ArrayList<>(hops.length);
          for (int hop : hops) {
            ids.add(graph.id(hop));
          }
          routes.put(e.getKey(), List.copyOf(ids));
        }
        continue;
      }
      for (int root : tree.roots) {
        if (graph.component(root) == graph.component(local)) {
          if (toward == null) {
            toward = graph.towardFrom(local);
          }
          routes.put(e.getKey(), List.of(graph.id(toward.parentToward(root))));
        }
      }
    }
    return routes;
  }
}
