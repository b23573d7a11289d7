package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.Backoff;
import dev.weft.identity.workloadapi.FakeWorkloadApi;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.TestDomain;
import dev.weft.testing.TempSockets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Two workloads of two federated trust domains, each with its own agent, talk mutual TLS with
 * identities from their SvidSources; the server's agent rotates its SVID mid-way.
 */
class SvidSourceTlsTest {
  private final TestDomain a = TestDomain.create("a.org");
  private final TestDomain b = TestDomain.create("b.org");

  private static SvidSourceConfig config() {
    return SvidSourceConfig.builder()
        .startTimeout(Duration.ofSeconds(10))
        .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0))
        .build();
  }

  private static void serve(
      FakeWorkloadApi agent, X509Svid svid, TrustBundle own, TestDomain federated) {
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(svid),
            own,
            Map.of(federated.trustDomain().idString(), federated.x509Bundle())));
    agent.setJwtBundles(
        FakeWorkloadApi.jwtResponse(
            Map.of(
                own.trustDomain().idString(), TrustBundle.ofJwt(own.trustDomain(), Map.of()),
                federated.trustDomain().idString(), federated.jwtBundle())));
  }

  @Test
  void workloadsTalkWithTheirAgentsIdentitiesAcrossARotation() throws Exception {
    try (TempSockets sockets = new TempSockets();
        FakeWorkloadApi serverAgent = FakeWorkloadApi.start(sockets.socket("server.sock"));
        FakeWorkloadApi clientAgent = FakeWorkloadApi.start(sockets.socket("client.sock"))) {
      X509Svid server1 = a.svid("/server");
      serve(serverAgent, server1, a.x509Bundle(), b);
      serve(clientAgent, b.svid("/client"), b.x509Bundle(), a);

      try (SvidSource serverSource = SvidSource.start(serverAgent.endpoint(), config());
          SvidSource clientSource = SvidSource.start(clientAgent.endpoint(), config());
          TlsEchoServer echo =
              new TlsEchoServer(
                  SpiffeTls.serverContext(
                      serverSource, PeerAuthorizer.memberOf(b.trustDomain())))) {
        SSLContext clientContext =
            SpiffeTls.clientContext(clientSource, PeerAuthorizer.exactly(a.id("/server")));

        try (TlsClient first = echo.connect(clientContext)) {
          assertThat(first.serverLeaf()).isEqualTo(server1.leaf());
          assertThat(((TlsEchoServer.Accepted) echo.next()).peer()).isEqualTo(b.id("/client"));

          BlockingQueue<IdentitySnapshot> rotations = new LinkedBlockingQueue<>();
          serverSource.addListener(rotations::add);
          X509Svid server2 = a.svid("/server");
          serve(serverAgent, server2, a.x509Bundle(), b);
          // The X.509 and JWT streams are separate, so the JWT bundles may arrive first.
          IdentitySnapshot told;
          do {
            told = rotations.poll(10, TimeUnit.SECONDS);
            assertThat(told).isNotNull();
          } while (!told.svid().leaf().equals(server2.leaf()));

          try (TlsClient second = echo.connect(clientContext)) {
            assertThat(second.serverLeaf()).isEqualTo(server2.leaf());
            assertThat(echo.next()).isInstanceOf(TlsEchoServer.Accepted.class);
          }
          assertThat(first.echo("still open")).isEqualTo("still open");
        }
      }
    }
  }
}
