package dev.weft.identity.bundle;

import static dev.weft.identity.bundle.BundleDocs.doc;
import static dev.weft.identity.bundle.BundleDocs.docWith;
import static dev.weft.identity.bundle.BundleDocs.jwtKey;
import static dev.weft.identity.bundle.BundleDocs.with;
import static dev.weft.identity.bundle.BundleDocs.x509Key;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SpiffeBundleFormat#parse}: every document it must reject, with the exact message. */
class SpiffeBundleFormatErrorsTest {
  private static final TrustDomain TD = TrustDomain.parse("example.org");
  private static final Issued ROOT = CertBuilder.selfSignedCa("example.org").build();
  private static final Issued OTHER_ROOT = CertBuilder.selfSignedCa("example.org").build();
  private static final KeyPair JWT = Keys.ec256();

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> SpiffeBundleFormat.parse(TD, json))
        .isInstanceOf(BundleException.class)
        .hasMessage(message);
  }

  @Test
  void bundleKeyWithTwoX5cCertificatesIsRejected() {
    assertRejected(
        doc(x509Key(ROOT.cert()), x509Key(ROOT.cert(), OTHER_ROOT.cert())),
        "bundle: keys[1].x5c: 2 certificates (expected: exactly 1 for use x509-svid)");
  }

  @Test
  void x509KeyWithEmptyX5cIsRejected() {
    assertRejected(
        doc(with(x509Key(ROOT.cert()), "x5c", List.of())),
        "bundle: keys[0].x5c: 0 certificates (expected: exactly 1 for use x509-svid)");
  }

  @Test
  void x509KeyWithoutX5cIsRejected() {
    assertRejected(
        doc(with(x509Key(ROOT.cert()), "x5c", null)),
        "bundle: keys[0].x5c: missing (expected: exactly 1 certificate for use x509-svid)");
    assertRejected(
        doc(with(x509Key(ROOT.cert()), "x5c", "MIIB")),
        "bundle: keys[0].x5c: not an array (expected: exactly 1 certificate for use x509-svid)");
  }

  @Test
  void x509KeyWhoseParametersDoNotMatchItsCertificateIsRejected() {
    Map<String, Object> mismatched = x509Key(ROOT.cert());
    mismatched.put("x5c", x509Key(OTHER_ROOT.cert()).get("x5c"));

    assertRejected(
        doc(mismatched),
        "bundle: keys[0]: not a valid EC JWK: The public subject key info of the first X.509"
            + " certificate in the chain must match the JWK type and public parameters");
  }

  @Test
  void x509KeyWithBadCertificateIsRejected() {
    assertRejected(
        doc(with(x509Key(ROOT.cert()), "x5c", List.of("AAAA"))),
        "bundle: keys[0]: not a valid EC JWK: Invalid X.509 certificate chain \"x5c\": Invalid"
            + " X.509 certificate at position 0: Could not parse certificate: java.io.IOException:"
            + " Empty input");
  }

  @Test
  void jwtKeyWithoutKidIsRejected() {
    assertRejected(
        doc(with(jwtKey("k1", JWT), "kid", null)),
        "bundle: keys[0].kid: missing (expected: a key ID for use jwt-svid)");
    assertRejected(
        doc(jwtKey("", JWT)), "bundle: keys[0].kid: missing (expected: a key ID for use jwt-svid)");
    assertRejected(
        doc(with(jwtKey("k1", JWT), "kid", 7)),
        "bundle: keys[0].kid: missing (expected: a key ID for use jwt-svid)");
  }

  @Test
  void duplicateKidIsRejected() {
    assertRejected(
        doc(jwtKey("k1", JWT), jwtKey("k2", Keys.ec256()), jwtKey("k1", Keys.ec256())),
        "bundle: keys[2].kid: duplicate key ID \"k1\"");
  }

  @Test
  void keyWithPrivateParametersIsRejected() {
    String d = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE";

    assertRejected(
        doc(with(jwtKey("k1", JWT), "d", d)),
        "bundle: keys[0]: holds private key parameters (expected: public only)");
  }

  @Test
  void knownUseWithoutKtyIsRejected() {
    assertRejected(
        doc(with(jwtKey("k1", JWT), "kty", null)),
        "bundle: keys[0].kty: missing (expected: a JWK key type such as EC)");
    assertRejected(
        doc(with(jwtKey("k1", JWT), "kty", 3)),
        "bundle: keys[0].kty: 3 (expected: a JWK key type such as EC)");
  }

  @Test
  void badJwkParametersAreRejected() {
    assertRejected(
        doc(with(jwtKey("k1", JWT), "x", "not-a-point")),
        "bundle: keys[0]: not a valid EC JWK: Invalid EC JWK: The 'x' and 'y' public coordinates"
            + " are not on the P-256 curve");
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                       | bundle: not valid JSON (expected: one JSON object without duplicate members)",
        "not json                 | bundle: not valid JSON (expected: one JSON object without duplicate members)",
        "[]                       | bundle: not valid JSON (expected: one JSON object without duplicate members)",
        "{}                       | bundle: keys: missing (expected: an array of JWKs)",
        "{\"keys\":null}          | bundle: keys: missing (expected: an array of JWKs)",
        "{\"keys\":{}}            | bundle: keys: not an array (expected: an array of JWKs)",
        "{\"keys\":\"x\"}         | bundle: keys: not an array (expected: an array of JWKs)",
        "{\"keys\":[1]}           | bundle: keys[0]: not a JSON object",
        "{\"keys\":[{},null]}     | bundle: keys[1]: not a JSON object",
        "{\"keys\":[],\"spiffe_sequence\":-1}       | bundle: spiffe_sequence: -1 (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_sequence\":1.5}      | bundle: spiffe_sequence: 1.5 (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_sequence\":1.0}      | bundle: spiffe_sequence: 1.0 (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_sequence\":1e3}      | bundle: spiffe_sequence: 1000.0 (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_sequence\":\"7\"}    | bundle: spiffe_sequence: \"7\" (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_sequence\":true}     | bundle: spiffe_sequence: true (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_sequence\":99999999999999999999} | bundle: spiffe_sequence: 1.0E20 (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_refresh_hint\":-5}   | bundle: spiffe_refresh_hint: -5 (expected: an integer >= 0)",
        "{\"keys\":[],\"spiffe_refresh_hint\":0.5}  | bundle: spiffe_refresh_hint: 0.5 (expected: an integer >= 0)",
      })
  void malformedDocument(String json, String message) {
    assertRejected(json, message);
  }

  @Test
  void duplicateJsonMembersAreRejected() {
    assertThatThrownBy(() -> SpiffeBundleFormat.parse(TD, "{\"keys\":[],\"keys\":[]}"))
        .isInstanceOf(BundleException.class)
        .hasMessage("bundle: not valid JSON (expected: one JSON object without duplicate members)");
  }

  @Test
  void aBadKeyRejectsTheWholeBundleEvenAfterGoodOnes() {
    assertRejected(
        docWith(
            Map.of("spiffe_sequence", 2), x509Key(ROOT.cert()), jwtKey("k1", JWT), jwtKey("", JWT)),
        "bundle: keys[2].kid: missing (expected: a key ID for use jwt-svid)");
  }
}
