package dev.weft.controller.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.store.JoinTokenRecord;
import dev.weft.trust.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Segments, domains, nodes and links round-trip, and survive a restart. */
abstract class ConfigAndNodesContract extends StateContract {

  @Test
  void segmentsArePutReplacedListedAndDeleted() throws Exception {
    SegmentRecord mesh = new SegmentRecord("west", TopologyMode.MESH, null);
    SegmentRecord star = new SegmentRecord("east", TopologyMode.STAR, "hub-1");
    store.putSegment(mesh);
    store.putSegment(star);
    store.putSegment(new SegmentRecord("pairs", TopologyMode.PAIRS, null));

    SegmentRecord meshAgain = new SegmentRecord("west", TopologyMode.STAR, null);
    store.putSegment(meshAgain);

    assertThat(store.segments())
        .containsExactly(star, new SegmentRecord("pairs", TopologyMode.PAIRS, null), meshAgain);
    assertThat(store.deleteSegment("pairs")).isTrue();
    assertThat(store.deleteSegment("pairs")).isFalse();
    assertThat(store.segments()).containsExactly(star, meshAgain);
  }

  @Test
  void domainsArePutReplacedListedAndDeleted() throws Exception {
    store.putDomain(new DomainRecord("cluster-b", "west"));
    store.putDomain(new DomainRecord("cluster-a", "west"));
    store.putDomain(new DomainRecord("cluster-b", "east"));

    assertThat(store.domains())
        .containsExactly(
            new DomainRecord("cluster-a", "west"), new DomainRecord("cluster-b", "east"));
    assertThat(store.deleteDomain("cluster-a")).isTrue();
    assertThat(store.deleteDomain("cluster-a")).isFalse();
    assertThat(store.domains()).containsExactly(new DomainRecord("cluster-b", "east"));
  }

  @Test
  void nodesAreUpsertedByIdWithInstantsToTheMillisecond() throws Exception {
    NodeRecord n2 = node("n2");
    store.putNode(n2);
    NodeRecord n1 =
        new NodeRecord(
            "n1",
            "domain-b",
            "spiffe://b.example/node",
            "[::1]:4001",
            "",
            false,
            T.plusNanos(999_999),
            T.plusNanos(1));
    store.putNode(n1);

    NodeRecord truncated =
        new NodeRecord("n1", "domain-b", "spiffe://b.example/node", "[::1]:4001", "", false, T, T);
    assertThat(store.node("n1")).contains(truncated);
    assertThat(store.nodes()).containsExactly(truncated, n2);

    NodeRecord moved =
        new NodeRecord(
            "n2", "domain-c", "spiffe://c.example/n2", "10.0.0.2:1", "n2.c:2", true, T, T);
    store.putNode(moved);
    assertThat(store.node("n2")).contains(moved);
    assertThat(store.node("n3")).isEmpty();
  }

  @Test
  void setConnectedRecordsTheClocksInstant() throws Exception {
    store.putNode(node("n1"));

    assertThat(store.setConnected("n1", false)).isTrue();
    assertThat(store.node("n1"))
        .contains(
            node("n1")
                .withConnection(
                    false, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    assertThat(store.setConnected("n9", true)).isFalse();
    assertThat(store.nodes()).hasSize(1);
  }

  @Test
  void linksAreKeptOnceWithTheSmallerIdFirst() throws Exception {
    store.addLink(new LinkRecord("n2", "n1"));
    store.addLink(new LinkRecord("n1", "n2"));
    store.addLink(new LinkRecord("n1", "n3"));

    assertThat(store.links())
        .containsExactly(new LinkRecord("n1", "n2"), new LinkRecord("n1", "n3"));
    assertThat(store.links().getFirst().a()).isEqualTo("n1");
    assertThat(store.removeLink(new LinkRecord("n2", "n1"))).isTrue();
    assertThat(store.removeLink(new LinkRecord("n2", "n1"))).isFalse();
    assertThat(store.links()).containsExactly(new LinkRecord("n1", "n3"));
  }

  @Test
  void aRestartedStoreReadsEverythingBack() throws Exception {
    SegmentRecord segment = new SegmentRecord("east", TopologyMode.STAR, "n1");
    DomainRecord domain = new DomainRecord("domain-a", "east");
    store.putSegment(segment);
    store.putDomain(domain);
    store.putNode(node("n1"));
    store.putNode(node("n2"));
    store.addLink(new LinkRecord("n1", "n2"));
    store.replaceSubscriptions("n1", Set.of("org/ns/svc", "org/ns/svc/i-1"));
    store.applyRoutes("n2", Map.of("org/ns/svc", List.of("n1")), List.of());

    reopen();

    assertThat(store.segments()).containsExactly(segment);
    assertThat(store.domains()).containsExactly(domain);
    assertThat(store.nodes()).containsExactly(node("n1"), node("n2"));
    assertThat(store.links()).containsExactly(new LinkRecord("n1", "n2"));
    assertThat(store.subscriptions())
        .isEqualTo(Map.of("n1", Set.of("org/ns/svc", "org/ns/svc/i-1")));
    assertThat(store.routes()).isEqualTo(Map.of("n2", Map.of("org/ns/svc", List.of("n1"))));
  }

  @Test
  void sharesItsDatabaseWithATrustServerThatMigratedItFirst() throws Exception {
    SpiffeId agent = SpiffeId.parse("spiffe://a.example/agent");
    Instant expiry = Instant.parse("2027-01-01T00:00:00Z");
    try (StateFixture shared = newFixture()) {
      try (DataStore trust = DataStore.open(shared.connection(), clock)) {
        trust.createJoinToken(new JoinTokenRecord("token-hash", agent, expiry));
      }
      try (ControllerStore controller = ControllerStore.open(shared.connection(), clock)) {
        controller.putNode(node("n1"));
      }

      try (DataStore trust = DataStore.open(shared.connection(), clock);
          ControllerStore controller = ControllerStore.open(shared.connection(), clock)) {
        assertThat(trust.consumeJoinToken("token-hash", clock.instant()).agentId())
            .isEqualTo(agent);
        assertThat(controller.nodes()).containsExactly(node("n1"));
      }
    }
  }

  @Test
  void malformedIdsAreInvalidAndChangeNothing() throws Exception {
    store.putNode(node("n1"));

    StoreException e = failure(() -> store.deleteNode("n 1"));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID);
    assertThat(e).hasMessage("node id: \"n 1\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    assertThat(failure(() -> store.deleteSegment("")).getMessage())
        .isEqualTo("segment name: \"\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    assertThat(store.nodes()).containsExactly(node("n1"));
  }

  @Test
  void aClosedStoreIsUnavailable() throws Exception {
    store.close();

    StoreException e = failure(() -> store.nodes());

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(failure(() -> store.putNode(node("n1"))).kind())
        .isEqualTo(StoreException.Kind.UNAVAILABLE);
  }
}
