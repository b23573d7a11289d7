package dev.weft.identity.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property-style round trips over generated bundles (seeded, so a failure reproduces): any mix of
 * EC and RSA authorities, key IDs, sequence numbers and refresh hints survives write/parse in the
 * SPIFFE bundle format, and the Workload API encodings (JWKS, concatenated DER) too.
 */
class SpiffeBundleRoundTripPropertiesTest {
  private static final TrustDomain TD = TrustDomain.parse("example.org");
  private static final List<X509Certificate> ROOTS =
      List.of(
          CertBuilder.selfSignedCa("example.org").build().cert(),
          CertBuilder.selfSignedCa("example.org").keyPair(Keys.ec384()).build().cert(),
          CertBuilder.selfSignedCa("example.org").keyPair(Keys.rsa2048()).build().cert());
  private static final List<KeyPair> JWT_KEYS = List.of(Keys.ec256(), Keys.ec384(), Keys.rsa2048());

  @RepeatedTest(100)
  void anyBundleRoundTrips(RepetitionInfo info) throws Exception {
    Random random = new Random(info.getCurrentRepetition());
    List<X509Certificate> authorities = new ArrayList<>();
    for (X509Certificate root : ROOTS) {
      if (random.nextBoolean()) {
        authorities.add(root);
      }
    }
    Map<String, PublicKey> jwt = new LinkedHashMap<>();
    int jwtCount = random.nextInt(4);
    for (int i = 0; i < jwtCount; i++) {
      String kid = "kid-" + random.nextInt(1_000_000) + "-" + i;
      jwt.put(kid, JWT_KEYS.get(random.nextInt(JWT_KEYS.size())).getPublic());
    }
    TrustBundle bundle = TrustBundle.ofX509(TD, authorities).withJwtAuthorities(jwt);
    if (random.nextBoolean()) {
      bundle = bundle.withSequence(random.nextLong() & Long.MAX_VALUE);
    }
    if (random.nextBoolean()) {
      bundle = bundle.withRefreshHint(Duration.ofSeconds(random.nextInt(86_400)));
    }

    TrustBundle parsed = SpiffeBundleFormat.parse(TD, SpiffeBundleFormat.write(bundle));

    assertThat(parsed).isEqualTo(bundle);
    assertThat(parsed.x509Authorities()).isEqualTo(authorities);
    assertThat(parsed.jwtAuthorities().keySet()).containsExactlyElementsOf(jwt.keySet());
    byte[] jwks = SpiffeBundleFormat.writeJwks(bundle).getBytes(StandardCharsets.UTF_8);
    assertThat(SpiffeBundleFormat.parseJwks(TD, jwks)).isEqualTo(TrustBundle.ofJwt(TD, jwt));
    if (!authorities.isEmpty()) {
      assertThat(SpiffeBundleFormat.parseX509Der(TD, Pem.concatDer(authorities)))
          .isEqualTo(TrustBundle.ofX509(TD, authorities));
    }
  }
}
