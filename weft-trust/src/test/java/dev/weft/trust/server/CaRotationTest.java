package dev.weft.trust.server;

import static dev.weft.trust.server.TrustPlane.TD;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.testing.MutableClock;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.jwtsvid.JwtSvid;
import io.spiffe.workloadapi.DefaultJwtSource;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.JwtSourceOptions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CA rotation seen from a workload: with a one-hour CA and five-minute SVIDs, the clock moves in
 * two-minute steps (the agent renewing what is due after each) across the preparation of the next
 * CA (at half its predecessor's life) and its activation (at five sixths). The new root reaches the
 * workload's bundle, under a higher bundle sequence, before any SVID is signed by it, and the
 * workload's SVIDs and JWT-SVIDs verify at every step.
 */
class CaRotationTest {
  private static final Duration STEP = Duration.ofMinutes(2);
  private static final TrustDomain SPIFFE_TD = TrustDomain.parse(TD.name());

  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    plane =
        TrustPlane.startWithAgent(
            clock, b -> b.caTtl(Duration.ofMinutes(60)).defaultX509SvidTtl(Duration.ofMinutes(5)));
    plane.createWorkloadEntry("/workload");
    plane.awaitX509Svids();
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void theNextRootReachesWorkloadsBeforeItSignsAndWorkloadsKeepVerifying() throws Exception {
    TrustBundle initial = plane.bundle();
    assertThat(initial.x509Authorities()).hasSize(1);
    X509Certificate firstRoot = initial.x509Authorities().getFirst();
    long firstSequence = initial.sequence().orElseThrow();
    Instant end =
        firstRoot
            .getNotBefore()
            .toInstant()
            .plus(
                Duration.between(
                        firstRoot.getNotBefore().toInstant(), firstRoot.getNotAfter().toInstant())
                    .multipliedBy(5)
                    .dividedBy(6))
            .plus(STEP.multipliedBy(3));

    Instant newRootSeen = null;
    Instant newRootSigning = null;
    X509Certificate secondRoot = null;
    try (DefaultX509Source x509 = plane.x509Source();
        var jwt =
            DefaultJwtSource.newSource(
                JwtSourceOptions.builder()
                    .spiffeSocketPath(plane.spiffeSocket())
                    .initTimeout(WAIT)
                    .build())) {
      while (clock.instant().isBefore(end)) {
        clock.advance(STEP);
        awaitRenewed(x509);

        List<X509Certificate> roots =
            x509.getBundleForTrustDomain(SPIFFE_TD).getX509Authorities().stream().toList();
        X509Certificate signedBy =
            Certificates.verifyPkix(x509.getX509Svid().getChain(), roots, clock.instant());
        JwtSvid token = jwt.fetchJwtSvid("db");
        assertThat(
                JwtSvid.parseAndValidate(token.getToken(), jwt, Set.of("db"))
                    .getSpiffeId()
                    .toString())
            .isEqualTo("spiffe://example.org/workload");

        if (newRootSeen == null && roots.size() > 1) {
          newRootSeen = clock.instant();
          secondRoot = roots.stream().filter(r -> !r.equals(firstRoot)).findFirst().orElseThrow();
          TrustBundle agentsBundle = plane.agent().snapshot().bundles().get(TD).orElseThrow();
          assertThat(agentsBundle.sequence().orElseThrow()).isGreaterThan(firstSequence);
          assertThat(agentsBundle.x509Authorities())
              .containsExactlyInAnyOrder(firstRoot, secondRoot);
          assertThat(plane.bundle().sequence()).isEqualTo(agentsBundle.sequence());
          assertThat(jwt.getBundleForTrustDomain(SPIFFE_TD).getJwtAuthorities()).hasSize(2);
        }
        if (newRootSigning == null && !signedBy.equals(firstRoot)) {
          newRootSigning = clock.instant();
          assertThat(signedBy).isEqualTo(secondRoot);
        }
      }
    }
    assertThat(newRootSeen).as("the next root reached the workload").isNotNull();
    assertThat(newRootSigning)
        .as("an SVID signed by the next root reached the workload")
        .isNotNull();
    assertThat(newRootSeen).isBefore(newRootSigning);
  }

  /**
   * Waits until the agent has renewed what the clock made due: the workload's SVID (as the
   * java-spiffe source holds it) and the agent's own are before half their lifetime again.
   */
  private void awaitRenewed(DefaultX509Source source) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Instant now = clock.instant();
              return beforeHalfLife(source.getX509Svid().getLeaf(), now)
                  && beforeHalfLife(plane.storedAgentSvid().getFirst(), now);
            });
  }

  private static boolean beforeHalfLife(X509Certificate cert, Instant now) {
    Instant from = cert.getNotBefore().toInstant();
    Instant half = from.plus(Duration.between(from, cert.getNotAfter().toInstant()).dividedBy(2));
    return now.isBefore(half);
  }
}
