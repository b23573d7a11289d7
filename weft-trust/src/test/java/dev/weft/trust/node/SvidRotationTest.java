package dev.weft.trust.node;

import static dev.weft.trust.server.TrustPlane.TD;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.proto.trust.v1.ListAgentsRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.Certificates;
import dev.weft.trust.server.TrustPlane;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.workloadapi.DefaultX509Source;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent renews SVIDs at half-life, and the renewed ones reach clients before expiry. */
class SvidRotationTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startWithAgent(clock); // SVIDs live 1 hour (the default)
    plane.createWorkloadEntry("/workload");
    plane.awaitX509Svids();
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void aRenewedSvidReachesTheX509SourceBeforeTheOldOneExpires() throws Exception {
    try (DefaultX509Source source = plane.x509Source()) {
      X509Certificate old = source.getX509Svid().getLeaf();
      Instant halfLife =
          old.getNotBefore()
              .toInstant()
              .plus(
                  Duration.between(old.getNotBefore().toInstant(), old.getNotAfter().toInstant())
                      .dividedBy(2));

      clock.set(halfLife.plusSeconds(1));

      X509Certificate renewed =
          await()
              .atMost(WAIT)
              .until(
                  () -> source.getX509Svid().getLeaf(),
                  leaf -> !leaf.getSerialNumber().equals(old.getSerialNumber()));
      assertThat(clock.instant()).isBefore(old.getNotAfter().toInstant());
      assertThat(renewed.getNotAfter()).isAfter(old.getNotAfter());
      assertThat(source.getX509Svid().getSpiffeId().toString())
          .isEqualTo("spiffe://example.org/workload");
      Certificates.verifyPkix(
          source.getX509Svid().getChain(),
          source.getBundleForTrustDomain(TrustDomain.parse(TD.name())).getX509Authorities(),
          clock.instant());
    }
  }

  @Test
  void theAgentRenewsItsOwnSvidAtHalfLife() throws Exception {
    var before = plane.admin().listAgents(ListAgentsRequest.getDefaultInstance()).getAgents(0);
    Instant expires = Instant.ofEpochSecond(before.getSvidExpiresAtUnix());
    clock.set(expires.minus(Duration.ofMinutes(29)));

    var after =
        await()
            .atMost(WAIT)
            .until(
                () -> plane.admin().listAgents(ListAgentsRequest.getDefaultInstance()).getAgents(0),
                agent -> !agent.getSerialNumber().equals(before.getSerialNumber()));
    assertThat(after.getSpiffeId()).isEqualTo(before.getSpiffeId());
    assertThat(after.getAttestedAtUnix()).isEqualTo(before.getAttestedAtUnix());
    assertThat(after.getSvidExpiresAtUnix()).isGreaterThan(before.getSvidExpiresAtUnix());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(plane.storedAgentSvid().getFirst().getSerialNumber())
                    .isEqualTo(new BigInteger(after.getSerialNumber(), 16)));
  }
}
