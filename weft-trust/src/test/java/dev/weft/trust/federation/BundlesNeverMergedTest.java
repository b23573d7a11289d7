package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.C;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.ListBundlesRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * a.example federates with b.example and c.example: its bundle list shows its own bundle first and
 * each federated bundle beside it, each exactly as its owner publishes it; the agent and the
 * workload hold one bundle per trust domain, never a merge.
 */
class BundlesNeverMergedTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;
  private TrustPlane c;

  @BeforeEach
  void start() throws Exception {
    a = Federated.plane(clock, A);
    b =
        TrustPlane.startServer(
            clock, B, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    c =
        TrustPlane.startServer(
            clock, C, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    Federated.federate(a, b);
    Federated.federate(a, c);
    Federated.workload(a, "/web", B, C);
  }

  @AfterEach
  void stop() {
    for (TrustPlane plane : new TrustPlane[] {c, b, a}) {
      if (plane != null) {
        plane.close();
      }
    }
  }

  @Test
  void eachTrustDomainKeepsItsOwnBundle() throws Exception {
    List<Bundle> listed =
        a.admin().listBundles(ListBundlesRequest.getDefaultInstance()).getBundlesList();
    assertThat(listed)
        .extracting(Bundle::getTrustDomain)
        .containsExactly("a.example", "b.example", "c.example");
    List<TrustBundle> parsed = new ArrayList<>();
    for (Bundle bundle : listed) {
      parsed.add(parse(bundle));
      assertThat(bundle.getSequence()).isEqualTo(parsed.getLast().sequence().orElseThrow());
    }
    assertThat(parsed).containsExactly(a.bundle(), b.bundle(), c.bundle());
    assertThat(a.bundle().x509Authorities())
        .hasSize(1)
        .doesNotContainAnyElementsOf(b.bundle().x509Authorities());

    BundleSet expected = BundleSet.of(a.bundle(), b.bundle(), c.bundle());
    await().atMost(WAIT).until(() -> a.agent().snapshot().bundles(), expected::equals);
    try (SvidSource workload =
        SvidSource.start(
            WorkloadApiEndpoint.ofSocket(a.workloadSocket()),
            SvidSourceConfig.builder().clock(clock).startTimeout(WAIT).build())) {
      BundleSet seen =
          await().atMost(WAIT).until(() -> workload.current().bundles(), s -> s.size() == 3);
      assertThat(seen.trustDomains()).isEqualTo(Set.of(A, B, C));
      for (TrustDomain td : List.of(A, B, C)) {
        TrustBundle held = expected.get(td).orElseThrow();
        assertThat(seen.get(td).orElseThrow().x509Authorities()).isEqualTo(held.x509Authorities());
        assertThat(seen.get(td).orElseThrow().jwtAuthorities()).isEqualTo(held.jwtAuthorities());
      }
    }
  }

  private static TrustBundle parse(Bundle bundle) throws BundleException {
    return SpiffeBundleFormat.parse(
        TrustDomain.parse(bundle.getTrustDomain()), bundle.getSpiffeBundle());
  }
}
