package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub;
import dev.weft.proto.workload.WorkloadProto.JWTBundlesRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.server.TrustPlane;
import io.grpc.StatusRuntimeException;
import io.spiffe.workloadapi.DefaultX509Source;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * b.example's bundle, fetched by a.example, reaches exactly the workloads whose entries federate
 * with b.example: a.example's main agent serves an entry that does, a second agent one that does
 * not. When b.example's bundle gains a root, the workload sees it without asking.
 */
class FederatedWorkloadsTest {
  private static final io.spiffe.spiffeid.TrustDomain SPIFFE_B =
      io.spiffe.spiffeid.TrustDomain.parse(B.name());

  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;
  private Path localOnly;

  @BeforeEach
  void start() throws Exception {
    a = Federated.plane(clock, A);
    b =
        Federated.plane(
            clock,
            B,
            s -> s.caTtl(Duration.ofMinutes(60)).defaultX509SvidTtl(Duration.ofMinutes(20)));
    // the entry names b.example before a.example holds its bundle: the bundle follows when fetched
    Federated.workload(a, "/federated", B);
    Federated.federate(a, b);
    NodeAgentConfig second = a.agentConfig("local", a.joinToken(Duration.ofMinutes(10)));
    NodeAgent agent = a.startAgent(second);
    localOnly = second.socketPath();
    a.createEntry(
        Entry.newBuilder()
            .setSpiffeId("spiffe://a.example/local")
            .setParentId(agent.id().toString())
            .addSelectors(TrustPlane.thisUid())
            .build());
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void theWorkloadApiCarriesTheFederatedBundleOnlyWhereTheEntryFederates() throws Exception {
    TrustBundle bBundle = b.bundle();
    X509SVIDResponse federated = awaitX509Svids(a.workloadSocket());
    assertThat(federated.getSvids(0).getSpiffeId()).isEqualTo("spiffe://a.example/federated");
    assertThat(federated.getFederatedBundlesMap()).containsOnlyKeys("spiffe://b.example");
    assertThat(federated.getFederatedBundlesOrThrow("spiffe://b.example"))
        .isEqualTo(Federated.der(bBundle));
    assertThat(Federated.x509Bundles(a, a.workloadSocket()))
        .containsOnlyKeys("spiffe://a.example", "spiffe://b.example")
        .containsEntry("spiffe://b.example", Federated.der(bBundle));
    var jwt = jwtBundles(a.workloadSocket());
    assertThat(jwt).containsOnlyKeys("spiffe://a.example", "spiffe://b.example");
    assertThat(
            SpiffeBundleFormat.parseJwks(B, jwt.get("spiffe://b.example").toByteArray())
                .jwtAuthorities())
        .isEqualTo(bBundle.jwtAuthorities());

    X509SVIDResponse local = awaitX509Svids(localOnly);
    assertThat(local.getSvids(0).getSpiffeId()).isEqualTo("spiffe://a.example/local");
    assertThat(local.getFederatedBundlesMap()).isEmpty();
    assertThat(Federated.x509Bundles(a, localOnly)).containsOnlyKeys("spiffe://a.example");
    assertThat(jwtBundles(localOnly)).containsOnlyKeys("spiffe://a.example");
  }

  @Test
  void aNewRootOfTheFederatedDomainReachesTheWorkloadLive() throws Exception {
    try (DefaultX509Source source =
        DefaultX509Source.newSource(
            DefaultX509Source.X509SourceOptions.builder()
                .spiffeSocketPath("unix:" + a.workloadSocket())
                .initTimeout(WAIT)
                .build())) {
      await()
          .atMost(WAIT)
          .until(
              () -> source.getBundleForTrustDomain(SPIFFE_B).getX509Authorities(),
              roots -> roots.equals(new HashSet<>(b.bundle().x509Authorities())));
      X509Certificate firstRoot = b.bundle().x509Authorities().getFirst();

      // half way through b.example's CA: it prepares the next one and publishes its root
      clock.advance(Duration.ofMinutes(31));
      TrustBundle grown =
          await().atMost(WAIT).until(b::bundle, bundle -> bundle.x509Authorities().size() == 2);
      await()
          .atMost(WAIT)
          .until(
              () -> source.getBundleForTrustDomain(SPIFFE_B).getX509Authorities(),
              roots -> roots.equals(new HashSet<>(grown.x509Authorities())));
      assertThat(source.getBundleForTrustDomain(SPIFFE_B).getX509Authorities()).contains(firstRoot);
      assertThat(a.agent().snapshot().bundles().get(B))
          .contains(Federated.bundleOf(a, B).orElseThrow());
    }
  }

  private X509SVIDResponse awaitX509Svids(Path socket) {
    SpiffeWorkloadAPIBlockingStub stub = a.workload(socket);
    return await()
        .atMost(WAIT)
        .ignoreException(StatusRuntimeException.class)
        .until(
            () ->
                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .fetchX509SVID(X509SVIDRequest.getDefaultInstance())
                    .next(),
            r -> r.getSvidsCount() > 0);
  }

  private Map<String, ByteString> jwtBundles(Path socket) {
    SpiffeWorkloadAPIBlockingStub stub = a.workload(socket);
    return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
        .fetchJWTBundles(JWTBundlesRequest.getDefaultInstance())
        .next()
        .getBundlesMap();
  }
}
