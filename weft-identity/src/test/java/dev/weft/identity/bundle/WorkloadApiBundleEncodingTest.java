package dev.weft.identity.bundle;

import static dev.weft.identity.bundle.BundleDocs.doc;
import static dev.weft.identity.bundle.BundleDocs.jwk;
import static dev.weft.identity.bundle.BundleDocs.jwtKey;
import static dev.weft.identity.bundle.BundleDocs.with;
import static dev.weft.identity.bundle.BundleDocs.x509Key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import dev.weft.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Workload API's bundle encodings: a plain JWKS for JWT authorities ({@link
 * SpiffeBundleFormat#parseJwks}, {@link SpiffeBundleFormat#writeJwks}) and concatenated DER for
 * X.509 authorities ({@link SpiffeBundleFormat#parseX509Der}).
 */
class WorkloadApiBundleEncodingTest {
  private static final TrustDomain TD = TrustDomain.parse("example.org");
  private static final KeyPair EC = Keys.ec256();
  private static final KeyPair RSA = Keys.rsa2048();
  private static final Issued ROOT = CertBuilder.selfSignedCa("example.org").build();
  private static final Issued ROOT2 = CertBuilder.selfSignedCa("example.org").build();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void jwksRoundTripsWithoutUse() throws Exception {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    keys.put("a", EC.getPublic());
    keys.put("b", RSA.getPublic());
    TrustBundle bundle = TrustBundle.ofJwt(TD, keys).withSequence(9);

    String jwks = SpiffeBundleFormat.writeJwks(bundle);
    TrustBundle parsed = SpiffeBundleFormat.parseJwks(TD, utf8(jwks));

    assertThat(jwks).doesNotContain("\"use\"").doesNotContain("spiffe_sequence");
    assertThat(parsed.jwtAuthorities().keySet()).containsExactly("a", "b");
    assertThat(parsed).isEqualTo(TrustBundle.ofJwt(TD, keys));
    assertThat(parsed.x509Authorities()).isEmpty();
  }

  @Test
  void jwksAcceptsUseJwtSvidAndIgnoresUnknownKeyTypes() throws Exception {
    String jwks =
        doc(
            jwtKey("a", EC),
            jwk(RSA.getPublic(), null, "b", null),
            Map.of("kty", "oct", "kid", "hmac", "k", "c2VjcmV0"));

    TrustBundle parsed = SpiffeBundleFormat.parseJwks(TD, utf8(jwks));

    assertThat(parsed.jwtAuthorities().keySet()).containsExactly("a", "b");
  }

  @Test
  void jwksRejectsAnotherUse() {
    String jwks = doc(jwtKey("a", EC), x509Key(ROOT.cert()));

    assertThatThrownBy(() -> SpiffeBundleFormat.parseJwks(TD, utf8(jwks)))
        .isInstanceOf(BundleException.class)
        .hasMessage("JWT bundle: keys[1].use: \"x509-svid\" (expected: jwt-svid or absent)");
    assertThatThrownBy(
            () -> SpiffeBundleFormat.parseJwks(TD, utf8(doc(with(jwtKey("a", EC), "use", "sig")))))
        .hasMessage("JWT bundle: keys[0].use: \"sig\" (expected: jwt-svid or absent)");
  }

  @Test
  void jwksRejectsMissingKidAndDuplicateKid() {
    assertThatThrownBy(
            () ->
                SpiffeBundleFormat.parseJwks(TD, utf8(doc(jwk(EC.getPublic(), null, null, null)))))
        .isInstanceOf(BundleException.class)
        .hasMessage("JWT bundle: keys[0].kid: missing (expected: a key ID for use jwt-svid)");
    assertThatThrownBy(
            () -> SpiffeBundleFormat.parseJwks(TD, utf8(doc(jwtKey("a", EC), jwtKey("a", RSA)))))
        .hasMessage("JWT bundle: keys[1].kid: duplicate key ID \"a\"");
  }

  @Test
  void jwksRejectsMalformedDocuments() {
    assertThatThrownBy(() -> SpiffeBundleFormat.parseJwks(TD, utf8("{")))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            "JWT bundle: not valid JSON (expected: one JSON object without duplicate members)");
    assertThatThrownBy(() -> SpiffeBundleFormat.parseJwks(TD, utf8("{}")))
        .hasMessage("JWT bundle: keys: missing (expected: an array of JWKs)");
    assertThatThrownBy(() -> SpiffeBundleFormat.parseJwks(TD, utf8("{\"keys\":7}")))
        .hasMessage("JWT bundle: keys: not an array (expected: an array of JWKs)");
    assertThatThrownBy(() -> SpiffeBundleFormat.parseJwks(TD, utf8("{\"keys\":[\"k\"]}")))
        .hasMessage("JWT bundle: keys[0]: not a JSON object");
  }

  @Test
  void writeJwksOfABundleWithoutJwtAuthorities() throws Exception {
    String jwks = SpiffeBundleFormat.writeJwks(TrustBundle.ofX509(TD, List.of(ROOT.cert())));

    assertThat(JSONObjectUtils.parse(jwks)).containsEntry("keys", List.of());
  }

  @Test
  void x509DerRoundTrips() throws Exception {
    byte[] der = Pem.concatDer(List.of(ROOT.cert(), ROOT2.cert()));

    TrustBundle parsed = SpiffeBundleFormat.parseX509Der(TD, der);

    assertThat(parsed.trustDomain()).isEqualTo(TD);
    assertThat(parsed.x509Authorities()).containsExactly(ROOT.cert(), ROOT2.cert());
    assertThat(parsed.jwtAuthorities()).isEmpty();
  }

  @Test
  void x509DerErrorsNameTheTrustDomain() {
    assertThatThrownBy(() -> SpiffeBundleFormat.parseX509Der(TD, new byte[0]))
        .isInstanceOf(BundleException.class)
        .hasMessage("X.509 bundle of example.org: DER: no certificate (0 bytes)");
    assertThatThrownBy(() -> SpiffeBundleFormat.parseX509Der(TD, new byte[] {1, 2, 3}))
        .hasMessage(
            "X.509 bundle of example.org: DER: certificate 0 at byte 0 of 3 is not a complete DER"
                + " SEQUENCE (expected: concatenated DER certificates)");
  }
}
