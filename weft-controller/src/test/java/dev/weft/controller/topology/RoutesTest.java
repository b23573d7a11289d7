package dev.weft.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RoutesTest {

  /** An engine with one PAIRS segment "s" (domain "d") whose links are {@code edges}. */
  private static TopologyEngine pairs(Mirror[] mirror, List<String> nodes, String... edges) {
    TopologyEngine engine = new TopologyEngine();
    mirror[0] = new Mirror(engine);
    engine.putSegment("s", Mode.PAIRS, null);
    engine.putDomain("d", "s");
    for (String node : nodes) {
      mirror[0].apply(engine.nodeUp(node, "d"));
    }
    for (String edge : edges) {
      String[] ends = edge.split("-");
      mirror[0].apply(engine.addLink(ends[0], ends[1]));
    }
    return engine;
  }

  /** Subscribes each name's nodes, then checks delivery from every node and the deltas. */
  private static void checkDelivery(
      TopologyEngine engine, Mirror mirror, Map<String, Set<String>> subscribers) {
    subscribers.forEach(
        (name, nodes) -> {
          for (String node : nodes) {
            mirror.apply(engine.subscribe(node, name));
          }
        });
    mirror.check();
    for (NodeState publisher : engine.nodes()) {
      subscribers.forEach(
          (name, nodes) -> {
            Forwarding.multicast(mirror.routes(), publisher.id(), name, nodes);
            assertThat(nodes)
                .contains(Forwarding.anycast(mirror.routes(), publisher.id(), name, nodes));
          });
    }
    assertThat(engine.recomputeAll().isEmpty()).isTrue();
  }

  @Test
  void line() {
    Mirror[] m = new Mirror[1];
    TopologyEngine engine = pairs(m, List.of("a", "b", "c", "d", "e"), "a-b", "b-c", "c-d", "d-e");
    m[0].apply(engine.subscribe("b", "o/n/one"));
    m[0].apply(engine.subscribe("d", "o/n/one"));
    // The tree is b-c-d (root b); a forwards toward it, e too.
    assertThat(engine.routes("a")).containsEntry("o/n/one", List.of("b"));
    assertThat(engine.routes("b")).containsEntry("o/n/one", List.of("c"));
    assertThat(engine.routes("c")).containsEntry("o/n/one", List.of("b", "d"));
    assertThat(engine.routes("d")).containsEntry("o/n/one", List.of("c"));
    assertThat(engine.routes("e")).containsEntry("o/n/one", List.of("d"));
    checkDelivery(
        engine, m[0], Map.of("o/n/one", Set.of("b", "d"), "o/n/two", Set.of("a", "e", "c")));
  }

  @Test
  void singleSubscriberHasNoRouteButEveryOtherNodePointsAtIt() {
    Mirror[] m = new Mirror[1];
    TopologyEngine engine = pairs(m, List.of("a", "b", "c"), "a-b", "b-c");
    Changes changes = m[0].apply(engine.subscribe("b", "o/n/s"));
    assertThat(changes.routes())
        .containsExactlyInAnyOrder(
            new RouteChange("a", "o/n/s", List.of("b")),
            new RouteChange("c", "o/n/s", List.of("b")));
    assertThat(engine.routes("b")).doesNotContainKey("o/n/s");
  }

  @Test
  void ring() {
    Mirror[] m = new Mirror[1];
    TopologyEngine engine =
        pairs(
            m,
            List.of("r0", "r1", "r2", "r3", "r4", "r5"),
            "r0-r1",
            "r1-r2",
            "r2-r3",
            "r3-r4",
            "r4-r5",
            "r5-r0");
    // r3 is two hops from r1 both ways round... no: r1-r2-r3 and r1-r0-r5-r4-r3; r4 ties at 3
    // hops from r1 via r0 (r1-r0-r5-r4) and via r2 (r1-r2-r3-r4): its parent is r3 or r5, the
    // smaller id, so r3.
    m[0].apply(engine.subscribe("r1", "o/n/ring"));
    assertThat(engine.routes("r4")).containsEntry("o/n/ring", List.of("r3"));
    checkDelivery(
        engine,
        m[0],
        Map.of(
            "o/n/ring", Set.of("r1", "r4"),
            "o/n/all", Set.of("r0", "r1", "r2", "r3", "r4", "r5"),
            "o/n/opposite", Set.of("r0", "r3")));
  }

  @Test
  void star() {
    Mirror[] m = new Mirror[1];
    TopologyEngine engine = new TopologyEngine();
    m[0] = new Mirror(engine);
    engine.putSegment("s", Mode.STAR, "hub");
    engine.putDomain("d", "s");
    for (String node : List.of("hub", "l1", "l2", "l3", "l4")) {
      m[0].apply(engine.nodeUp(node, "d"));
    }
    checkDelivery(
        engine,
        m[0],
        Map.of("o/n/x", Set.of("l1", "l3"), "o/n/y", Set.of("hub"), "o/n/z", Set.of("l4")));
    assertThat(engine.routes("l1")).containsEntry("o/n/x", List.of("hub"));
    assertThat(engine.routes("hub")).containsEntry("o/n/x", List.of("l1", "l3"));
  }

  @Test
  void twoLevelHierarchy() {
    Mirror[] m = new Mirror[1];
    List<String> nodes = new ArrayList<>();
    List<String> edges = new ArrayList<>();
    for (int hub = 0; hub < 3; hub++) {
      nodes.add("h" + hub);
      for (int other = 0; other < hub; other++) {
        edges.add("h" + other + "-h" + hub);
      }
      for (int leaf = 0; leaf < 4; leaf++) {
        nodes.add("h" + hub + "l" + leaf);
        edges.add("h" + hub + "-h" + hub + "l" + leaf);
      }
    }
    TopologyEngine engine = pairs(m, nodes, edges.toArray(String[]::new));
    checkDelivery(
        engine,
        m[0],
        Map.of(
            "o/n/a", Set.of("h0l1", "h2l3"),
            "o/n/b", Set.of("h1l0", "h1l2", "h1"),
            "o/n/c", Set.of("h2l0", "h0l0", "h1l1", "h2l2"),
            "o/n/c/instance-1", Set.of("h2l1")));
    assertThat(engine.routes("h0")).containsEntry("o/n/a", List.of("h0l1", "h2"));
  }

  @Test
  void aSplitSegmentGetsOneTreePerPart() {
    Mirror[] m = new Mirror[1];
    TopologyEngine engine = pairs(m, List.of("a", "b", "c", "x", "y"), "a-b", "b-c", "x-y");
    for (String node : List.of("a", "c", "y")) {
      m[0].apply(engine.subscribe(node, "o/n/s"));
    }
    m[0].check();
    // Each part delivers to its own subscribers: the roots are a and y.
    for (String publisher : List.of("a", "b", "c")) {
      Forwarding.multicast(m[0].routes(), publisher, "o/n/s", Set.of("a", "c"));
    }
    for (String publisher : List.of("x", "y")) {
      Forwarding.multicast(m[0].routes(), publisher, "o/n/s", Set.of("y"));
    }
    assertThat(engine.routes("x")).containsEntry("o/n/s", List.of("y"));
    assertThat(engine.recomputeAll().isEmpty()).isTrue();
    // Joining the parts merges the trees into one rooted at a.
    m[0].apply(engine.addLink("c", "x"));
    m[0].check();
    for (String publisher : List.of("a", "b", "c", "x", "y")) {
      Forwarding.multicast(m[0].routes(), publisher, "o/n/s", Set.of("a", "c", "y"));
    }
  }

  @Test
  void segmentsIsolateNames() {
    TopologyEngine engine = new TopologyEngine();
    Mirror mirror = new Mirror(engine);
    engine.putSegment("s1", Mode.MESH, null);
    engine.putSegment("s2", Mode.STAR, null);
    engine.putDomain("d1", "s1");
    engine.putDomain("d2", "s2");
    for (String n : List.of("a", "b", "c")) {
      mirror.apply(engine.nodeUp(n, "d1"));
    }
    for (String n : List.of("x", "y", "z")) {
      mirror.apply(engine.nodeUp(n, "d2"));
    }
    Changes first = mirror.apply(engine.subscribe("a", "o/n/shared"));
    Changes second = mirror.apply(engine.subscribe("b", "o/n/shared"));
    Changes third = mirror.apply(engine.subscribe("y", "o/n/shared"));
    Set<String> s1 = Set.of("a", "b", "c");
    for (Changes c : List.of(first, second)) {
      assertThat(c.routes()).isNotEmpty().allSatisfy(r -> assertThat(s1).contains(r.node()));
    }
    assertThat(third.routes())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(Set.of("x", "z")).contains(r.node()));
    assertThat(engine.routes("c")).containsEntry("o/n/shared", List.of("a"));
    assertThat(engine.routes("x")).containsEntry("o/n/shared", List.of("y"));
    mirror.check();
  }

  @Test
  void randomConnectedGraphsDeliverExactlyOnce() {
    Random random = new Random(12);
    for (int round = 0; round < 300; round++) {
      int n = 2 + random.nextInt(24);
      List<String> nodes = new ArrayList<>();
      Set<String> ids = new TreeSet<>();
      while (ids.size() < n) {
        ids.add("n" + random.nextInt(1000));
      }
      nodes.addAll(ids);
      java.util.Collections.shuffle(nodes, random);
      Set<String> edges = new HashSet<>();
      for (int i = 1; i < n; i++) {
        edges.add(edge(nodes.get(i), nodes.get(random.nextInt(i))));
      }
      int extra = random.nextInt(n + 1);
      for (int i = 0; i < extra; i++) {
        String a = nodes.get(random.nextInt(n));
        String b = nodes.get(random.nextInt(n));
        if (!a.equals(b)) {
          edges.add(edge(a, b));
        }
      }
      Mirror[] m = new Mirror[1];
      TopologyEngine engine = pairs(m, nodes, edges.toArray(String[]::new));
      Map<String, Set<String>> subscribers = new java.util.TreeMap<>();
      for (int k = 0; k < 3; k++) {
        Set<String> subs = new HashSet<>();
        int count = 1 + random.nextInt(Math.min(n, 5));
        while (subs.size() < count) {
          subs.add(nodes.get(random.nextInt(n)));
        }
        subscribers.put("o/r" + round + "/s" + k, subs);
      }
      checkDelivery(engine, m[0], subscribers);
    }
  }

  private static String edge(String a, String b) {
    return a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a;
  }
}
