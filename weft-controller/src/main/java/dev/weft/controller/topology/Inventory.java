package dev.weft.controller.topology;

import dev.weft.controller.topology.Model.NameEntry;
import dev.weft.controller.topology.Model.NodeRecord;
import dev.weft.controller.topology.Model.Segment;
import dev.weft.identity.text.Quotes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's records (segments, domains, nodes) and what is derived from them alone: a node's
 * desired links, a star's hub, a segment's graph, and the lookups that refuse unknown names.
 */
final class Inventory {
  final Map<String, Segment> segments = new TreeMap<>();
  final Map<String, String> domains = new TreeMap<>();
  final Map<String, Integer> nodeIndex = new HashMap<>();
  final List<NodeRecord> nodes = new ArrayList<>();

  Set<Integer> desired(NodeRecord n) {
    if (!n.up) {
      return Set.of();
    }
    Segment segment = segmentOf(n);
    Set<Integer> want = new HashSet<>();
    switch (segment.mode) {
      case MESH -> {
        for (String id : segment.upNodes) {
          if (!id.equals(n.id)) {
            want.add(nodeIndex.get(id));
          }
        }
      }
      case STAR -> {
        int hub = effectiveHub(segment);
        if (hub == n.global) {
          for (String id : segment.upNodes) {
            if (!id.equals(n.id)) {
              want.add(nodeIndex.get(id));
            }
          }
        } else if (hub >= 0) {
          want.add(hub);
        }
      }
      case PAIRS -> {}
    }
    for (int peer : n.explicitPeers) {
      NodeRecord p = nodes.get(peer);
      if (p.up && segmentOf(p) == segment) {
        want.add(peer);
      }
    }
    return want;
  }

  int effectiveHub(Segment segment) {
    if (segment.hub != null) {
      Integer g = nodeIndex.get(segment.hub);
      if (g != null && nodes.get(g).up && segmentOf(nodes.get(g)) == segment) {
        return g;
      }
    }
    return segment.upNodes.isEmpty() ? -1 : nodeIndex.get(segment.upNodes.first());
  }

  Graph buildGraph(Segment segment) {
    String[] ids = segment.upNodes.toArray(String[]::new);
    int[] globals = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      globals[i] = nodeIndex.get(ids[i]);
    }
    return Graph.build(ids, globals, nodes.size(), g -> nodes.get(g).adjacency);
  }

  List<Integer> globalsOf(Collection<String> ids) {
    return ids.stream().map(nodeIndex::get).toList();
  }

  Segment segmentOf(NodeRecord n) {
    String name = domains.get(n.domain);
    return name == null ? null : segments.get(name);
  }

  String segmentNameOf(NodeRecord n) {
    Segment s = segmentOf(n);
    return s == null ? null : s.name;
  }

  Segment segment(String name) {
    Segment segment = name == null ? null : segments.get(name);
    if (segment == null) {
      throw new IllegalArgumentException(
          "segment: " + shown(name) + " (expected: a known segment)");
    }
    return segment;
  }

  NodeRecord node(String id) {
    Integer g = id == null ? null : nodeIndex.get(id);
    if (g == null) {
      throw new IllegalArgumentException("node: " + shown(id) + " (expected: a registered node)");
    }
    return nodes.get(g);
  }

  NodeRecord upNode(String id) {
    NodeRecord record = node(id);
    if (!record.up) {
      throw new IllegalArgumentException("node: " + id + " (expected: an up node; it is down)");
    }
    return record;
  }

  /** An untrusted value as error messages show it: quoted and escaped, or null. */
  static String shown(String value) {
    return value == null ? "null" : Quotes.of(value);
  }

  void removeSubscriber(Segment segment, String name, int global) {
    NameEntry entry = segment.names.get(name);
    if (entry != null) {
      entry.subscribers.remove(global);
    }
  }
}
