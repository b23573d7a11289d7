package dev.weft.identity.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TrustBundle}: immutability, copies, validation and equality. */
class TrustBundleTest {
  private static final TrustDomain TD = TrustDomain.parse("example.org");
  private static final X509Certificate ROOT =
      CertBuilder.selfSignedCa("example.org").build().cert();
  private static final KeyPair JWT = Keys.ec256();

  @Test
  void copiesItsInputs() {
    List<X509Certificate> certs = new ArrayList<>(List.of(ROOT));
    Map<String, PublicKey> keys = new HashMap<>(Map.of("k", JWT.getPublic()));
    TrustBundle bundle = TrustBundle.ofX509(TD, certs).withJwtAuthorities(keys);

    certs.clear();
    keys.clear();

    assertThat(bundle.x509Authorities()).containsExactly(ROOT);
    assertThat(bundle.jwtAuthorities()).containsOnlyKeys("k");
    assertThatThrownBy(() -> bundle.x509Authorities().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> bundle.jwtAuthorities().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withMethodsReturnCopiesAndLeaveTheOriginal() {
    TrustBundle empty = TrustBundle.empty(TD);

    TrustBundle changed =
        empty
            .withSequence(3)
            .withRefreshHint(Duration.ofSeconds(30))
            .withX509Authorities(List.of(ROOT));

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.sequence()).isEmpty();
    assertThat(empty.refreshHint()).isEmpty();
    assertThat(changed.sequence()).hasValue(3);
    assertThat(changed.refreshHint()).contains(Duration.ofSeconds(30));
    assertThat(changed.isEmpty()).isFalse();
    assertThat(changed.trustDomain()).isEqualTo(TD);
  }

  @Test
  void rejectsNegativeSequenceAndHint() {
    TrustBundle bundle = TrustBundle.empty(TD).withSequence(1);

    assertThatThrownBy(() -> bundle.withSequence(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sequence: -1 (expected: >= 0)");
    assertThatThrownBy(() -> bundle.withRefreshHint(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshHint: PT-1S (expected: >= 0)");
    assertThat(bundle.sequence()).hasValue(1);
  }

  @Test
  void rejectsEmptyKeyIdAndNullKey() {
    Map<String, PublicKey> nullKey = new HashMap<>();
    nullKey.put("k", null);

    assertThatThrownBy(() -> TrustBundle.ofJwt(TD, Map.of("", JWT.getPublic())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jwtAuthorities: key ID \"\" (expected: a non-empty kid)");
    assertThatThrownBy(() -> TrustBundle.ofJwt(TD, nullKey))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("jwtAuthorities[k]");
  }

  @Test
  void equalityComparesKeysByEncoding() throws Exception {
    PublicKey copy =
        java.security.KeyFactory.getInstance("EC")
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(JWT.getPublic().getEncoded()));
    TrustBundle a = TrustBundle.ofJwt(TD, Map.of("k", JWT.getPublic())).withSequence(1);
    TrustBundle b = TrustBundle.ofJwt(TD, Map.of("k", copy)).withSequence(1);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(b.withSequence(2));
    assertThat(a).isNotEqualTo(TrustBundle.ofJwt(TD, Map.of("k", Keys.ec256().getPublic())));
    assertThat(a)
        .isNotEqualTo(TrustBundle.ofJwt(TrustDomain.parse("other.org"), Map.of("k", copy)));
  }

  @Test
  void joinsJwtAuthoritiesOfTheSameTrustDomainOnly() {
    TrustBundle x509 = TrustBundle.ofX509(TD, List.of(ROOT));
    TrustBundle jwt = TrustBundle.ofJwt(TD, Map.of("k", JWT.getPublic()));
    TrustBundle foreign =
        TrustBundle.ofJwt(TrustDomain.parse("other.org"), Map.of("k", JWT.getPublic()));

    TrustBundle joined = x509.withJwtAuthoritiesOf(jwt);

    assertThat(joined.x509Authorities()).containsExactly(ROOT);
    assertThat(joined.jwtAuthorities()).containsOnlyKeys("k");
    assertThatThrownBy(() -> x509.withJwtAuthoritiesOf(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust domain: other.org (expected: example.org)");
  }

  @Test
  void toStringShowsCountsAndKeyIdsOnly() {
    TrustBundle bundle =
        TrustBundle.ofX509(TD, List.of(ROOT))
            .withJwtAuthorities(Map.of("k1", JWT.getPublic()))
            .withSequence(4);

    assertThat(bundle)
        .hasToString(
            "TrustBundle[example.org, x509Authorities=1, jwtAuthorities=[k1], sequence=4]");
    assertThat(bundle.jwtAuthority("k1")).contains(JWT.getPublic());
    assertThat(bundle.jwtAuthority("k2")).isEmpty();
  }
}
