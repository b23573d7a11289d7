package dev.weft.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LinksTest {
  private final TopologyEngine engine = new TopologyEngine();
  private final Mirror mirror = new Mirror(engine);

  private void up(String domain, String... ids) {
    for (String id : ids) {
      mirror.apply(engine.nodeUp(id, domain));
    }
  }

  private static Set<List<String>> pairs(TopologyEngine engine) {
    Set<List<String>> pairs =
        new java.util.TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    for (NodeState node : engine.nodes()) {
      for (LinkSpec spec : engine.links(node.id())) {
        if (spec.dial()) {
          pairs.add(List.of(node.id(), spec.peer()));
        }
      }
    }
    return pairs;
  }

  @Test
  void meshLinksEveryPairAndTheSmallerIdDials() {
    engine.putDomain("d", "default");
    up("d", "c", "a", "b");
    assertThat(pairs(engine))
        .containsExactly(List.of("a", "b"), List.of("a", "c"), List.of("b", "c"));
    assertThat(engine.links("c"))
        .containsExactly(new LinkSpec("a", false), new LinkSpec("b", false));
    Changes changes = engine.nodeUp("d0", "d");
    assertThat(changes.links())
        .containsExactly(
            new LinkChange("a", "d0", true),
            new LinkChange("b", "d0", true),
            new LinkChange("c", "d0", true));
    mirror.apply(changes);
    mirror.check();
  }

  @Test
  void starLinksTheHubAndFallsBackToTheSmallestUpNode() {
    engine.putSegment("s", Mode.STAR, "hub");
    engine.putDomain("d", "s");
    up("d", "n2", "n1", "n3");
    assertThat(engine.hub("s")).contains("n1");
    assertThat(pairs(engine)).containsExactly(List.of("n1", "n2"), List.of("n1", "n3"));

    Changes hubUp = mirror.apply(engine.nodeUp("hub", "d"));
    assertThat(engine.hub("s")).contains("hub");
    assertThat(hubUp.links())
        .containsExactlyInAnyOrder(
            new LinkChange("hub", "n1", true),
            new LinkChange("hub", "n2", true),
            new LinkChange("hub", "n3", true),
            new LinkChange("n1", "n2", false),
            new LinkChange("n1", "n3", false));
    assertThat(pairs(engine))
        .containsExactly(List.of("hub", "n1"), List.of("hub", "n2"), List.of("hub", "n3"));

    mirror.apply(engine.nodeDown("hub"));
    assertThat(engine.hub("s")).contains("n1");
    assertThat(pairs(engine)).containsExactly(List.of("n1", "n2"), List.of("n1", "n3"));
    mirror.apply(engine.nodeDown("n1"));
    assertThat(pairs(engine)).containsExactly(List.of("n2", "n3"));
    mirror.check();
  }

  @Test
  void pairsHasOnlyExplicitLinksAndTheyWaitForBothNodes() {
    engine.putSegment("p", Mode.PAIRS, null);
    engine.putDomain("d", "p");
    up("d", "a", "b", "c");
    assertThat(pairs(engine)).isEmpty();
    assertThat(mirror.apply(engine.addLink("c", "a")).links())
        .containsExactly(new LinkChange("a", "c", true));
    mirror.apply(engine.nodeDown("c"));
    assertThat(pairs(engine)).isEmpty();
    assertThat(engine.explicitLinks()).containsExactly(new ExplicitLink("a", "c"));
    assertThat(mirror.apply(engine.nodeUp("c", "d")).links())
        .containsExactly(new LinkChange("a", "c", true));
    assertThat(engine.addLink("a", "c")).isEqualTo(Changes.NONE);
    assertThat(mirror.apply(engine.removeLink("a", "c")).links())
        .containsExactly(new LinkChange("a", "c", false));
    mirror.check();
  }

  @Test
  void explicitLinksAddToMeshAndStar() {
    engine.putSegment("s", Mode.STAR, null);
    engine.putDomain("d", "s");
    up("d", "a", "b", "c");
    mirror.apply(engine.addLink("b", "c"));
    assertThat(pairs(engine))
        .containsExactly(List.of("a", "b"), List.of("a", "c"), List.of("b", "c"));
    // A link that the mode already gives changes nothing when added explicitly.
    assertThat(engine.addLink("a", "b").isEmpty()).isTrue();
    assertThat(engine.removeLink("a", "b").isEmpty()).isTrue();
    mirror.apply(engine.putSegment("s", Mode.PAIRS, null));
    assertThat(pairs(engine)).containsExactly(List.of("b", "c"));
    mirror.apply(engine.putSegment("s", Mode.MESH, null));
    assertThat(pairs(engine))
        .containsExactly(List.of("a", "b"), List.of("a", "c"), List.of("b", "c"));
    mirror.check();
    assertThat(engine.recomputeAll().isEmpty()).isTrue();
  }

  @Test
  void linksNeverCrossSegments() {
    engine.putSegment("s1", Mode.MESH, null);
    engine.putSegment("s2", Mode.MESH, null);
    engine.putDomain("d1", "s1");
    engine.putDomain("d2", "s2");
    up("d1", "a", "b");
    up("d2", "x", "y");
    assertThat(pairs(engine)).containsExactly(List.of("a", "b"), List.of("x", "y"));
    Snapshot before = Snapshot.of(engine);
    assertThatThrownBy(() -> engine.addLink("a", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("link: a-x (expected: two nodes of one segment; a is in s1, x in s2)");
    assertThat(Snapshot.of(engine)).isEqualTo(before);

    // Moving a domain moves its nodes: their links follow the new segment.
    Changes moved = mirror.apply(engine.putDomain("d2", "s1"));
    assertThat(moved.links()).hasSize(4);
    assertThat(pairs(engine)).hasSize(6);
    mirror.check();
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    engine.putSegment("s", Mode.STAR, "h");
    engine.putDomain("d", "s");
    engine.putDomain("other", "default");
    up("d", "a", "b");
    up("other", "z");
    mirror.apply(engine.subscribe("a", "org/ns/svc"));
    Snapshot before = Snapshot.of(engine);

    Map<String, Runnable> refused = new TreeMap<>();
    refused.put("node: \"nope\" (expected: a registered node)", () -> engine.addLink("a", "nope"));
    refused.put("link: a-a (expected: two different nodes)", () -> engine.addLink("a", "a"));
    refused.put(
        "link: a-b (expected: an explicit link added with addLink)",
        () -> engine.removeLink("a", "b"));
    refused.put(
        "segment: \"nowhere\" (expected: a known segment)", () -> engine.putDomain("d", "nowhere"));
    refused.put(
        "domain: \"nowhere\" (expected: a known domain)", () -> engine.nodeUp("c", "nowhere"));
    refused.put(
        "node: \"bad id\" (expected: 1 to 63 characters of [A-Za-z0-9._-])",
        () -> engine.nodeUp("bad id", "d"));
    refused.put(
        "hub: h (expected: a node that is no other segment's hub; it is s's)",
        () -> engine.putSegment("t", Mode.STAR, "h"));
    refused.put(
        "hub: a (expected: no hub unless the mode is STAR; segment s)",
        () -> engine.putSegment("s", Mode.MESH, "a"));
    refused.put(
        "hub: z (expected: a node of segment s; it is in default)",
        () -> engine.putSegment("s", Mode.STAR, "z"));
    refused.put(
        "name: \"org/ns\" (expected: org/namespace/service or org/namespace/service/id)",
        () -> engine.subscribe("a", "org/ns"));
    refused.put(
        "name: \"x/y/\" (expected: no empty component)",
        () -> engine.replaceSubscriptions("a", Set.of("org/ns/other", "x/y/")));
    refused.put(
        "segment: default (expected: a segment other than default, which always exists)",
        () -> engine.removeSegment("default"));
    refused.put("domain: null (expected: a known domain)", () -> engine.nodeUp("c", null));
    refused.put("node: null (expected: a registered node)", () -> engine.addLink(null, "a"));
    refused.put(
        "mode: null (expected: MESH, STAR or PAIRS)", () -> engine.putSegment("s", null, null));
    refused.put(
        "name: null (expected: org/namespace/service or org/namespace/service/id)",
        () -> engine.subscribe("a", null));
    refused.put("domain: \"nope\" (expected: a known domain)", () -> engine.removeDomain("nope"));
    refused.forEach(
        (message, call) -> {
          assertThatThrownBy(call::run)
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage(message);
          assertThat(Snapshot.of(engine)).as(message).isEqualTo(before);
        });

    assertThatThrownBy(() -> engine.removeSegment("s"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "segment: s (expected: no domain in it; domains [d] are: move or remove them first)");
    assertThatThrownBy(() -> engine.removeDomain("d"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("domain: d (expected: no up node in it; [a, b] are up)");
    assertThat(Snapshot.of(engine)).isEqualTo(before);

    mirror.apply(engine.nodeDown("a"));
    assertThatThrownBy(() -> engine.subscribe("a", "org/ns/svc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node: a (expected: an up node; it is down)");
    mirror.forget("a");
    mirror.check();
  }

  /** Everything the engine shows, to assert that a refused call changed nothing. */
  record Snapshot(
      List<SegmentSpec> segments,
      Map<String, String> domains,
      List<NodeState> nodes,
      List<ExplicitLink> explicit,
      Map<String, List<LinkSpec>> links,
      Map<String, Map<String, List<String>>> routes,
      Map<String, Set<String>> subscriptions) {
    static Snapshot of(TopologyEngine engine) {
      Map<String, List<LinkSpec>> links = new TreeMap<>();
      Map<String, Map<String, List<String>>> routes = new TreeMap<>();
      Map<String, Set<String>> subscriptions = new TreeMap<>();
      for (NodeState node : engine.nodes()) {
        links.put(node.id(), engine.links(node.id()));
        routes.put(node.id(), engine.routes(node.id()));
        subscriptions.put(node.id(), engine.subscriptions(node.id()));
      }
      return new Snapshot(
          engine.segments(),
          engine.domains(),
          engine.nodes(),
          engine.explicitLinks(),
          links,
          routes,
          subscriptions);
    }
  }
}
