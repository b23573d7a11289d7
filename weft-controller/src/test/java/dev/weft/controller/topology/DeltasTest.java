package dev.weft.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeltasTest {
  private final TopologyEngine engine = new TopologyEngine();
  private final Mirror mirror = new Mirror(engine);

  private void line(String... nodes) {
    engine.putSegment("s", Mode.PAIRS, null);
    engine.putDomain("d", "s");
    for (String node : nodes) {
      mirror.apply(engine.nodeUp(node, "d"));
    }
    for (int i = 1; i < nodes.length; i++) {
      mirror.apply(engine.addLink(nodes[i - 1], nodes[i]));
    }
  }

  @Test
  void aSecondSubscriberChangesOnlyTheNodesOnItsPath() {
    line("a", "b", "c", "d", "e");
    assertThat(mirror.apply(engine.subscribe("c", "o/n/s")).routes())
        .extracting(RouteChange::node)
        .containsExactlyInAnyOrder("a", "b", "d", "e");
    Changes second = mirror.apply(engine.subscribe("e", "o/n/s"));
    assertThat(second.routes())
        .containsExactlyInAnyOrder(
            new RouteChange("c", "o/n/s", List.of("d")),
            new RouteChange("d", "o/n/s", List.of("c", "e")));
    assertThat(second.links()).isEmpty();
    // The same subscription again changes nothing.
    assertThat(engine.subscribe("e", "o/n/s")).isEqualTo(Changes.NONE);
    // A smaller id becomes the root: every route toward the old root is recomputed.
    Changes rooted = mirror.apply(engine.subscribe("a", "o/n/s"));
    assertThat(rooted.routes())
        .containsExactlyInAnyOrder(
            new RouteChange("b", "o/n/s", List.of("a", "c")),
            new RouteChange("c", "o/n/s", List.of("b", "d")));
    mirror.check();
  }

  @Test
  void unsubscribingTheLastSubscriberDeletesEveryRoute() {
    line("a", "b", "c", "d");
    mirror.apply(engine.subscribe("b", "o/n/s"));
    mirror.apply(engine.subscribe("d", "o/n/s"));
    mirror.apply(engine.subscribe("a", "o/n/other"));
    mirror.apply(engine.unsubscribe("d", "o/n/s"));
    Changes last = mirror.apply(engine.unsubscribe("b", "o/n/s"));
    assertThat(last.routes())
        .containsExactlyInAnyOrder(
            new RouteChange("a", "o/n/s", List.of()),
            new RouteChange("c", "o/n/s", List.of()),
            new RouteChange("d", "o/n/s", List.of()));
    for (String node : List.of("a", "b", "c", "d")) {
      assertThat(engine.routes(node)).doesNotContainKey("o/n/s");
    }
    assertThat(engine.unsubscribe("b", "o/n/s")).isEqualTo(Changes.NONE);
    mirror.check();
  }

  @Test
  void replaceSubscriptionsAppliesTheDifference() {
    line("a", "b", "c");
    mirror.apply(engine.replaceSubscriptions("a", Set.of("o/n/x", "o/n/y")));
    Changes changes = mirror.apply(engine.replaceSubscriptions("a", Set.of("o/n/y", "o/n/z")));
    assertThat(changes.routes()).extracting(RouteChange::name).containsOnly("o/n/x", "o/n/z");
    assertThat(engine.subscriptions("a")).containsExactly("o/n/y", "o/n/z");
    mirror.check();
  }

  @Test
  void nodeDownRemovesRoutesThroughItAndNodeUpRestoresThem() {
    engine.putSegment("s", Mode.PAIRS, null);
    engine.putDomain("d", "s");
    List<String> nodes = new ArrayList<>();
    for (int hub = 0; hub < 3; hub++) {
      nodes.add("h" + hub);
      for (int leaf = 0; leaf < 3; leaf++) {
        nodes.add("h" + hub + "l" + leaf);
      }
    }
    nodes.forEach(n -> mirror.apply(engine.nodeUp(n, "d")));
    for (int hub = 0; hub < 3; hub++) {
      mirror.apply(engine.addLink("h" + hub, "h" + ((hub + 1) % 3)));
      for (int leaf = 0; leaf < 3; leaf++) {
        mirror.apply(engine.addLink("h" + hub, "h" + hub + "l" + leaf));
      }
    }
    Map<String, Set<String>> subscriptions =
        Map.of(
            "h1",
            Set.of("o/n/a", "o/n/b"),
            "h1l0",
            Set.of("o/n/a"),
            "h2l2",
            Set.of("o/n/b"),
            "h0l1",
            Set.of("o/n/c"));
    subscriptions.forEach((n, names) -> mirror.apply(engine.replaceSubscriptions(n, names)));
    mirror.check();
    Map<String, Map<String, List<String>>> before = new HashMap<>();
    nodes.forEach(n -> before.put(n, engine.routes(n)));
    assertThat(before.get("h0")).containsEntry("o/n/a", List.of("h1"));

    mirror.apply(engine.nodeDown("h1"));
    mirror.forget("h1");
    mirror.check();
    for (String n : nodes) {
      if (!n.equals("h1")) {
        engine.routes(n).values().forEach(hops -> assertThat(hops).doesNotContain("h1"));
      }
    }
    // h1's leaves are cut off: they hold no route to the rest any more, and h1l0 alone has o/n/a.
    assertThat(engine.routes("h1l1")).isEmpty();
    assertThat(engine.routes("h0")).doesNotContainKey("o/n/a");
    assertThat(engine.links("h1")).isEmpty();

    mirror.apply(engine.nodeUp("h1", "d"));
    mirror.apply(engine.replaceSubscriptions("h1", subscriptions.get("h1")));
    mirror.check();
    for (String n : nodes) {
      assertThat(engine.routes(n)).as(n).isEqualTo(before.get(n));
    }
  }

  @Test
  void aLeafComingUpOrGoingDownChangesOnlyItsOwnRoutes() {
    line("a", "b", "c", "d");
    mirror.apply(engine.subscribe("b", "o/n/x"));
    mirror.apply(engine.subscribe("d", "o/n/x"));
    mirror.apply(engine.subscribe("a", "o/n/y"));
    // Up without a link (PAIRS), b2 reaches nothing: no route; its link waits while it is down.
    assertThat(mirror.apply(engine.nodeUp("b2", "d")).isEmpty()).isTrue();
    mirror.apply(engine.nodeDown("b2"));
    assertThat(engine.addLink("b", "b2").isEmpty()).isTrue();
    Changes up = mirror.apply(engine.nodeUp("b2", "d"));
    assertThat(up.links()).containsExactly(new LinkChange("b", "b2", true));
    assertThat(up.routes())
        .containsExactlyInAnyOrder(
            new RouteChange("b2", "o/n/x", List.of("b")),
            new RouteChange("b2", "o/n/y", List.of("b")));
    Changes down = mirror.apply(engine.nodeDown("b2"));
    mirror.forget("b2");
    assertThat(down.links()).containsExactly(new LinkChange("b", "b2", false));
    assertThat(down.routes()).isEmpty();
    // A link that shortens paths changes the routes of the names whose trees it touches.
    Changes shortcut = mirror.apply(engine.addLink("a", "d"));
    assertThat(shortcut.routes()).isNotEmpty();
    mirror.check();
  }

  @Test
  void incrementalStateEqualsFromScratchAfterRandomMutations() {
    Random random = new Random(7);
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pool.add(String.format("n%02d", (i * 7) % 12));
    }
    List<String> names = List.of("o/n/a", "o/n/b", "o/n/c", "o/n/c/i1", "x/y/z");
    engine.putSegment("s1", Mode.PAIRS, null);
    engine.putSegment("s2", Mode.MESH, null);
    engine.putDomain("d1", "s1");
    engine.putDomain("d2", "s2");
    engine.putDomain("d3", "s1");
    List<String> domains = List.of("d1", "d2", "d3");
    int refusals = 0;
    for (int step = 0; step < 3000; step++) {
      String node = pool.get(random.nextInt(pool.size()));
      try {
        switch (random.nextInt(10)) {
          case 0, 1 -> {
            String domain = domains.get(random.nextInt(3));
            if (!engine.nodes().contains(new NodeState(node, domain, true))) {
              mirror.forget(node); // a new registration: the node holds nothing yet
            }
            mirror.apply(engine.nodeUp(node, domain));
          }
          case 2 -> {
            mirror.apply(engine.nodeDown(node));
            mirror.forget(node);
          }
          case 3, 4 -> mirror.apply(engine.addLink(node, pool.get(random.nextInt(pool.size()))));
          case 5 -> {
            List<ExplicitLink> links = engine.explicitLinks();
            if (!links.isEmpty()) {
              ExplicitLink link = links.get(random.nextInt(links.size()));
              mirror.apply(engine.removeLink(link.second(), link.first()));
            }
          }
          case 6 -> mirror.apply(engine.subscribe(node, names.get(random.nextInt(names.size()))));
          case 7 -> mirror.apply(engine.unsubscribe(node, names.get(random.nextInt(names.size()))));
          case 8 -> {
            Set<String> report = new HashSet<>();
            names.forEach(
                n -> {
                  if (random.nextBoolean()) report.add(n);
                });
            mirror.apply(engine.replaceSubscriptions(node, report));
          }
          default -> {
            String segment = random.nextBoolean() ? "s1" : "s2";
            if (random.nextInt(3) == 0) {
              mirror.apply(engine.putDomain("d3", segment));
            } else {
              Mode mode = Mode.values()[random.nextInt(3)];
              String hub = mode == Mode.STAR && random.nextBoolean() ? node : null;
              mirror.apply(engine.putSegment(segment, mode, hub));
            }
          }
        }
      } catch (IllegalArgumentException e) {
        refusals++;
        assertThat(e.getMessage()).matches("[a-z]+: .* \\(expected: .*\\)");
      }
      mirror.check();
      Changes scratch = engine.recomputeAll();
      assertThat(scratch.links()).as("step %d", step).isEmpty();
      assertThat(scratch.routes()).as("step %d", step).isEmpty();
    }
    assertThat(refusals).isBetween(100, 2000);
    assertThat(engine.nodes().stream().filter(NodeState::up).count()).isGreaterThan(3);
  }

  @Test
  void changesReadLaterShowWhatTheCallChanged() {
    line("a", "b", "c", "d");
    Changes first = engine.subscribe("c", "o/n/s");
    List<RouteChange> expected =
        List.of(
            new RouteChange("a", "o/n/s", List.of("b")),
            new RouteChange("b", "o/n/s", List.of("c")),
            new RouteChange("d", "o/n/s", List.of("c")));
    // Later calls replace the trees and graphs; the first call's list is built from its own.
    engine.subscribe("a", "o/n/s");
    engine.nodeDown("b");
    engine.addLink("a", "d");
    engine.recomputeAll();
    assertThat(first.routes()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(first.routes()).hasSize(3);
  }

  @Test
  void aDownNodeCannotSubscribe() {
    line("a", "b");
    mirror.apply(engine.nodeDown("b"));
    assertThatThrownBy(() -> engine.replaceSubscriptions("b", Set.of("o/n/s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node: b (expected: an up node; it is down)");
  }
}
