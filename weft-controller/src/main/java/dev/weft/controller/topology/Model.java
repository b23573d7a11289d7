package dev.weft.controller.topology;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The engine's mutable records. */
final class Model {
  private Model() {}

  /** A node, by its global index (never reused). */
  static final class NodeRecord {
    final int global;
    final String id;
    String domain;
    boolean up;
    final Set<String> subscriptions = new HashSet<>();

    /** The desired links now (global indexes); empty while down. */
    Set<Integer> adjacency = new HashSet<>();

    /** The explicit links (global indexes), whether or not they exist now. */
    final Set<Integer> explicitPeers = new HashSet<>();

    NodeRecord(int global, String id) {
      this.global = global;
      this.id = id;
    }
  }

  /** A segment, its up nodes, and the names subscribed in it. */
  static final class Segment {
    final String name;
    Mode mode;
    String hub;
    TreeSet<String> upNodes = new TreeSet<>();
    Map<String, NameEntry> names = new HashMap<>();

    /** The graph the names' trees are on; null while the segment has no names. */
    Graph graph;

    Segment(String name, Mode mode, String hub) {
      this.name = name;
      this.mode = mode;
      this.hub = hub;
    }
  }

  /** One name in one segment. */
  static final class NameEntry {
    final Set<Integer> subscribers = new HashSet<>();
    NameTree tree;
  }
}
