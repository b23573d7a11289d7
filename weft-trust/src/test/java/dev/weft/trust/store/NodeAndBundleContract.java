package dev.weft.trust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attested agents and trust bundles, and the revision counter across a restart. */
abstract class NodeAndBundleContract extends StoreContract {
  static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");
  static final TrustDomain PARTNER = TrustDomain.parse("partner.org");
  static final SpiffeId NODE_1 = SpiffeId.parse("spiffe://example.org/agent/node-1");
  static final SpiffeId NODE_2 = SpiffeId.parse("spiffe://example.org/agent/node-2");
  static final Instant T = Instant.parse("2026-11-02T10:00:00.500Z");

  static TrustBundle bundle(TrustDomain td) {
    return TrustBundle.ofX509(
            td,
            List.of(
                CertBuilder.selfSignedCa(td.name()).build().cert(),
                CertBuilder.selfSignedCa(td.name()).keyPair(Keys.rsa2048()).build().cert()))
        .withJwtAuthorities(Map.of("kid-1", Keys.ec256().getPublic()))
        .withSequence(42)
        .withRefreshHint(Duration.ofMinutes(5));
  }

  @Test
  void agentIsSavedAndReplaced() throws Exception {
    AttestedNode first = new AttestedNode(NODE_1, "1a2b", T.plus(Duration.ofHours(1)), T, false);
    store.saveAgent(first);
    assertThat(store.agent(NODE_1)).contains(first);

    AttestedNode renewed =
        new AttestedNode(NODE_1, "3c4d", T.plus(Duration.ofHours(2)), T.plusSeconds(60), true);
    store.saveAgent(renewed);

    assertThat(store.agent(NODE_1)).contains(renewed);
    assertThat(store.listAgents()).containsExactly(renewed);
    assertThat(store.agent(NODE_2)).isEmpty();
    assertThat(store.revision()).isZero();
  }

  @Test
  void agentInstantsAreTruncatedToMilliseconds() throws Exception {
    store.saveAgent(new AttestedNode(NODE_1, "1", T.plusNanos(999_999), T.plusNanos(1), false));

    AttestedNode read = store.agent(NODE_1).orElseThrow();

    assertThat(read.svidExpiresAt()).isEqualTo(T);
    assertThat(read.attestedAt()).isEqualTo(T);
  }

  @Test
  void agentsAreListedById() throws Exception {
    AttestedNode two = new AttestedNode(NODE_2, "2", T, T, false);
    AttestedNode one = new AttestedNode(NODE_1, "1", T, T, true);
    store.saveAgent(two);
    store.saveAgent(one);

    assertThat(store.listAgents()).containsExactly(one, two);
    assertThat(reopen().listAgents()).containsExactly(one, two);
  }

  @Test
  void bundleRoundTripsAsSpiffeBundle() throws Exception {
    TrustBundle bundle = bundle(EXAMPLE);

    store.putBundle(bundle);

    assertThat(store.bundle(EXAMPLE)).contains(bundle);
    assertThat(store.bundle(PARTNER)).isEmpty();
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void putReplacesTheBundleOfTheSameTrustDomain() throws Exception {
    store.putBundle(bundle(EXAMPLE));
    TrustBundle replacement =
        TrustBundle.ofX509(
            EXAMPLE, List.of(CertBuilder.selfSignedCa("example.org").build().cert()));

    store.putBundle(replacement);

    assertThat(store.bundles()).containsExactly(replacement);
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void bundlesAreListedByTrustDomainAndDeleted() throws Exception {
    TrustBundle partner = bundle(PARTNER);
    TrustBundle example = bundle(EXAMPLE);
    TrustBundle aws = TrustBundle.empty(TrustDomain.parse("aws.example.com"));
    store.putBundle(partner);
    store.putBundle(example);
    store.putBundle(aws);

    assertThat(store.bundles()).containsExactly(aws, example, partner);
    assertThat(store.deleteBundle(PARTNER)).isTrue();
    assertThat(store.deleteBundle(PARTNER)).isFalse();
    assertThat(store.bundles()).containsExactly(aws, example);
    assertThat(store.revision()).isEqualTo(4);
  }

  @Test
  void everythingSurvivesARestart() throws Exception {
    TrustBundle example = bundle(EXAMPLE);
    AttestedNode agent = new AttestedNode(NODE_1, "ff", T, T, false);
    store.putBundle(example);
    store.saveAgent(agent);

    DataStore reopened = reopen();

    assertThat(reopened.bundles()).containsExactly(example);
    assertThat(reopened.agent(NODE_1)).contains(agent);
    assertThat(reopened.revision()).isEqualTo(1);
    reopened.putBundle(bundle(PARTNER));
    assertThat(reopened.revision()).isEqualTo(2);
  }
}
