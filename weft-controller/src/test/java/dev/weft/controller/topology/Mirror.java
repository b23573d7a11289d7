package dev.weft.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the nodes would hold if the controller sent them only the engine's deltas: applies every
 * {@link Changes} and compares the result with the engine's own on-demand answers.
 */
final class Mirror {
  private final TopologyEngine engine;
  private final Map<String, Map<String, List<String>>> routes = new HashMap<>();
  private final Set<String> links = new TreeSet<>();

  Mirror(TopologyEngine engine) {
    this.engine = engine;
  }

  /** Applies {@code changes}, failing on a delta that changes nothing. */
  Changes apply(Changes changes) {
    for (LinkChange link : changes.links()) {
      assertThat(link.dialer()).isLessThan(link.acceptor());
      String key = link.dialer() + "-" + link.acceptor();
      if (link.up()) {
        assertThat(links.add(key)).as("link %s added twice", key).isTrue();
      } else {
        assertThat(links.remove(key)).as("link %s removed but absent", key).isTrue();
      }
    }
    for (RouteChange route : changes.routes()) {
      Map<String, List<String>> table = routes.computeIfAbsent(route.node(), k -> new TreeMap<>());
      List<String> previous =
          route.isDelete() ? table.remove(route.name()) : table.put(route.name(), route.nextHops());
      assertThat(previous)
          .as("%s at %s changed to itself", route.name(), route.node())
          .isNotEqualTo(route.isDelete() ? null : route.nextHops());
    }
    return changes;
  }

  /** Forgets what a node that went down held (it gets everything again when it comes back). */
  void forget(String node) {
    routes.remove(node);
  }

  /** Asserts that the deltas so far add up to what the engine says now, for every node. */
  void check() {
    Set<String> expectedLinks = new TreeSet<>();
    for (NodeState node : engine.nodes()) {
      Map<String, List<String>> held = routes.getOrDefault(node.id(), Map.of());
      if (!node.up()) {
        assertThat(held).as("routes held by down node %s", node.id()).isEmpty();
        assertThat(engine.links(node.id())).isEmpty();
        continue;
      }
      assertThat(held).as("routes of %s", node.id()).isEqualTo(engine.routes(node.id()));
      for (LinkSpec spec : engine.links(node.id())) {
        expectedLinks.add(
            spec.dial() ? node.id() + "-" + spec.peer() : spec.peer() + "-" + node.id());
      }
    }
    assertThat(links).isEqualTo(expectedLinks);
  }

  /** The routes of every node, as the deltas built them. */
  Map<String, Map<String, List<String>>> routes() {
    return routes;
  }
}
