package dev.weft.bench.controller;

import dev.weft.controller.topology.Mode;
import dev.weft.controller.topology.TopologyEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The synthetic fabric: one PAIRS segment whose explicit links form {@code hubs} regional hubs in a
 * full mesh, each with the same number of leaves linked to it alone; node ids are a shuffled
 * numbering, so the id order (which picks roots and breaks ties) is unrelated to the shape.
 * Subscriptions: half of them on a name drawn uniformly, half on a name drawn with a skew toward
 * the first names (so a few names have hundreds of subscriber nodes), each on a node drawn
 * uniformly; a (node, name) pair drawn twice is drawn again.
 */
final class Workload {
  static final String SEGMENT = "bench";
  static final String DOMAIN = "bench.weft";

  final List<String> hubs = new ArrayList<>();
  final List<String> leaves = new ArrayList<>();
  final List<String[]> links = new ArrayList<>();
  final List<String[]> subscriptions = new ArrayList<>();
  final Set<String> subscribed = new HashSet<>();
  final List<String> names;

  /**
   * Regional hubs in a mesh with leaves ({@code hubs}), or a random sparse graph ({@code random}).
   */
  enum Shape {
    HUBS,
    RANDOM
  }

  final Shape shape;

  Workload(Shape shape, int nodes, int hubCount, int subscriptionCount, int nameCount, long seed) {
    this.shape = shape;
    if (shape == Shape.HUBS && nodes < 2 * hubCount) {
      throw new IllegalArgumentException(
          "--nodes: " + nodes + " (expected: at least twice --hubs, " + 2 * hubCount + ")");
    }
    if (subscriptionCount > (long) nodes * nameCount / 2) {
      throw new IllegalArgumentException(
          "--subscriptions: " + subscriptionCount + " (expected: at most nodes x names / 2)");
    }
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      ids.add(String.format("n%05d", i));
    }
    Collections.shuffle(ids, random);
    if (shape == Shape.RANDOM) {
      randomGraph(ids, random);
    } else {
      hubsAndLeaves(ids, hubCount);
    }
    names = new ArrayList<>(nameCount);
    for (int i = 0; i < nameCount; i++) {
      names.add("bench/ns" + (i % 100) + "/svc" + i);
    }
    while (subscriptions.size() < subscriptionCount) {
      int name =
          random.nextBoolean()
              ? random.nextInt(nameCount)
              : (int) (nameCount * Math.pow(random.nextDouble(), 4));
      String node = ids.get(random.nextInt(nodes));
      if (subscribed.add(node + " " + names.get(name))) {
        subscriptions.add(new String[] {node, names.get(name)});
      }
    }
  }

  private void hubsAndLeaves(List<String> ids, int hubCount) {
    hubs.addAll(ids.subList(0, hubCount));
    for (int h = 0; h < hubCount; h++) {
      for (int other = 0; other < h; other++) {
        links.add(new String[] {hubs.get(other), hubs.get(h)});
      }
    }
    for (int i = hubCount; i < ids.size(); i++) {
      String leaf = ids.get(i);
      leaves.add(leaf);
      links.add(new String[] {hubs.get((i - hubCount) % hubCount), leaf});
    }
  }

  /**
   * A connected random graph of mean degree 4: each node links to a random earlier one (a random
   * tree), then as many links again between random pairs. Every node counts as a leaf here (the
   * benchmark draws its link and node changes from the leaves).
   */
  private void randomGraph(List<String> ids, Random random) {
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < ids.size(); i++) {
      String a = ids.get(random.nextInt(i));
      String b = ids.get(i);
      seen.add(a + " " + b);
      seen.add(b + " " + a);
      links.add(new String[] {a, b});
    }
    while (links.size() < 2L * ids.size()) {
      String a = ids.get(random.nextInt(ids.size()));
      String b = ids.get(random.nextInt(ids.size()));
      if (!a.equals(b) && seen.add(a + " " + b)) {
        seen.add(b + " " + a);
        links.add(new String[] {a, b});
      }
    }
    leaves.addAll(ids);
  }

  /** Loads the segment, the nodes and the links (no subscription) into {@code engine}. */
  void loadTopology(TopologyEngine engine) {
    engine.putSegment(SEGMENT, Mode.PAIRS, null);
    engine.putDomain(DOMAIN, SEGMENT);
    for (String hub : hubs) {
      engine.nodeUp(hub, DOMAIN);
    }
    for (String leaf : leaves) {
      engine.nodeUp(leaf, DOMAIN);
    }
    for (String[] link : links) {
      engine.addLink(link[0], link[1]);
    }
  }

  /** Loads the subscriptions; returns how many route changes they produced. */
  long loadSubscriptions(TopologyEngine engine) {
    long routeChanges = 0;
    for (String[] s : subscriptions) {
      routeChanges += engine.subscribe(s[0], s[1]).routes().size();
    }
    return routeChanges;
  }

  int nodes() {
    return hubs.size() + leaves.size();
  }
}
