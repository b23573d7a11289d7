package dev.weft.identity.bundle;

import static dev.weft.identity.bundle.BundleDocs.doc;
import static dev.weft.identity.bundle.BundleDocs.docWith;
import static dev.weft.identity.bundle.BundleDocs.jwtKey;
import static dev.weft.identity.bundle.BundleDocs.with;
import static dev.weft.identity.bundle.BundleDocs.x509Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import dev.weft.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SpiffeBundleFormat}: reading and writing SPIFFE bundles that are valid. */
class SpiffeBundleFormatTest {
  private static final TrustDomain TD = TrustDomain.parse("example.org");
  private static final Issued EC_ROOT = CertBuilder.selfSignedCa("example.org").build();
  private static final Issued RSA_ROOT =
      CertBuilder.selfSignedCa("example.org").keyPair(Keys.rsa2048()).build();
  private static final KeyPair JWT_EC = Keys.ec256();
  private static final KeyPair JWT_RSA = Keys.rsa2048();

  private static TrustBundle fullBundle() {
    Map<String, java.security.PublicKey> jwt = new java.util.LinkedHashMap<>();
    jwt.put("ec-1", JWT_EC.getPublic());
    jwt.put("rsa-1", JWT_RSA.getPublic());
    return TrustBundle.ofX509(TD, List.of(EC_ROOT.cert(), RSA_ROOT.cert()))
        .withJwtAuthorities(jwt)
        .withSequence(42)
        .withRefreshHint(Duration.ofMinutes(5));
  }

  @Test
  void writeThenParseRoundTrips() throws Exception {
    TrustBundle bundle = fullBundle();

    String json = SpiffeBundleFormat.write(bundle);
    TrustBundle parsed = SpiffeBundleFormat.parse(TD, json);

    assertThat(parsed).isEqualTo(bundle);
    assertThat(parsed.x509Authorities()).containsExactly(EC_ROOT.cert(), RSA_ROOT.cert());
    assertThat(parsed.jwtAuthorities()).containsOnlyKeys("ec-1", "rsa-1");
    assertThat(parsed.jwtAuthority("rsa-1").orElseThrow().getEncoded())
        .isEqualTo(JWT_RSA.getPublic().getEncoded());
    assertThat(parsed.sequence()).hasValue(42);
    assertThat(parsed.refreshHint()).contains(Duration.ofMinutes(5));
    assertThat(SpiffeBundleFormat.parse(TD, json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(bundle);
  }

  @Test
  void writtenDocumentFollowsTheStandard() throws Exception {
    Map<String, Object> doc = JSONObjectUtils.parse(SpiffeBundleFormat.write(fullBundle()));

    assertThat(doc)
        .containsEntry("spiffe_sequence", 42L)
        .containsEntry("spiffe_refresh_hint", 300L);
    List<Object> keys = JSONObjectUtils.getJSONArray(doc, "keys");
    assertThat(keys).hasSize(4);
    @SuppressWarnings("unchecked")
    Map<String, Object> x509 = (Map<String, Object>) keys.get(0);
    assertThat(x509).containsEntry("use", "x509-svid").containsEntry("kty", "EC");
    assertThat(x509).doesNotContainKey("kid"); // the X.509-SVID standard: kid MUST NOT be set
    assertThat((List<?>) x509.get("x5c")).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> jwt = (Map<String, Object>) keys.get(3);
    assertThat(jwt)
        .containsEntry("use", "jwt-svid")
        .containsEntry("kid", "rsa-1")
        .containsEntry("kty", "RSA")
        .doesNotContainKey("x5c")
        .doesNotContainKey("d");
  }

  @Test
  void emptyBundleWritesAnEmptyKeyArrayAndNoMetadata() throws Exception {
    String json = SpiffeBundleFormat.write(TrustBundle.empty(TD));

    assertThat(json).isEqualTo("{\"keys\":[]}");
    TrustBundle parsed = SpiffeBundleFormat.parse(TD, json);
    assertThat(parsed.isEmpty()).isTrue();
    assertThat(parsed.sequence()).isEmpty();
    assertThat(parsed.refreshHint()).isEmpty();
  }

  @Test
  void subSecondRefreshHintIsRoundedUpNotDown() throws Exception {
    TrustBundle bundle = TrustBundle.empty(TD).withRefreshHint(Duration.ofMillis(1500));

    TrustBundle parsed = SpiffeBundleFormat.parse(TD, SpiffeBundleFormat.write(bundle));

    assertThat(parsed.refreshHint()).contains(Duration.ofSeconds(2));
    TrustBundle tiny = TrustBundle.empty(TD).withRefreshHint(Duration.ofMillis(1));
    assertThat(SpiffeBundleFormat.parse(TD, SpiffeBundleFormat.write(tiny)).refreshHint())
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void zeroSequenceAndHintAreValid() throws Exception {
    TrustBundle parsed =
        SpiffeBundleFormat.parse(
            TD, docWith(Map.of("spiffe_sequence", 0, "spiffe_refresh_hint", 0)));

    assertThat(parsed.sequence()).hasValue(0);
    assertThat(parsed.refreshHint()).contains(Duration.ZERO);
  }

  @Test
  void largestSequenceIsKept() throws Exception {
    TrustBundle parsed =
        SpiffeBundleFormat.parse(TD, "{\"keys\":[],\"spiffe_sequence\":9223372036854775807}");

    assertThat(parsed.sequence()).hasValue(Long.MAX_VALUE);
  }

  @Test
  void unknownKeyTypesAndUsesAreIgnored() throws Exception {
    Map<String, Object> good = x509Key(EC_ROOT.cert());
    String json =
        doc(
            good,
            with(good, "use", "wit-svid"),
            with(good, "use", "X509-SVID"), // use values are case-sensitive
            with(good, "use", null),
            Map.of("kty", "OKP", "use", "jwt-svid", "kid", "ed", "crv", "Ed25519", "x", "AAAA"),
            Map.of("kty", "oct", "use", "jwt-svid", "kid", "hmac", "k", "c2VjcmV0"),
            Map.of("kty", "future-kty", "use", "x509-svid"),
            Map.of("use", "something-else"));

    TrustBundle parsed = SpiffeBundleFormat.parse(TD, json);

    assertThat(parsed.x509Authorities()).containsExactly(EC_ROOT.cert());
    assertThat(parsed.jwtAuthorities()).isEmpty();
  }

  @Test
  void unknownTopLevelMembersAndKeyParametersAreIgnored() throws Exception {
    String json =
        docWith(
            Map.of("spiffe_sequence", 3, "x-vendor", Map.of("a", 1)),
            with(jwtKey("k1", JWT_EC), "x-note", "hello"));

    TrustBundle parsed = SpiffeBundleFormat.parse(TD, json);

    assertThat(parsed.jwtAuthorities()).containsOnlyKeys("k1");
    assertThat(parsed.sequence()).hasValue(3);
  }

  @Test
  void parsedBundleBelongsToTheGivenTrustDomain() throws Exception {
    TrustDomain other = TrustDomain.parse("other.org");

    assertThat(SpiffeBundleFormat.parse(other, doc(x509Key(EC_ROOT.cert()))).trustDomain())
        .isEqualTo(other);
  }

  @Test
  void writeRefusesKeyTypesTheFormatCannotCarryHere() throws Exception {
    KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    // An Ed25519 CA (signed by the EC root: the fixture cannot self-sign with Ed25519).
    X509Certificate edCa = CertBuilder.ca("example.org").keyPair(ed).issuer(EC_ROOT).build().cert();
    TrustBundle x509 = TrustBundle.ofX509(TD, List.of(edCa));
    TrustBundle jwt = TrustBundle.ofJwt(TD, Map.of("ed", ed.getPublic()));

    assertThatThrownBy(() -> SpiffeBundleFormat.write(x509))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X.509 authority key: EdDSA (expected: EC or RSA)");
    assertThatThrownBy(() -> SpiffeBundleFormat.write(jwt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JWT authority key ed: EdDSA (expected: EC or RSA)");
  }
}
